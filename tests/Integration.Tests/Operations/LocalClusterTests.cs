using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Wsc.Integration.Tests.Devnet;
using Wsc.Integration.Tests.Harness;
using Wsc.Integration.Tests.Storage;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// deploy/local/cluster.sh end to end: `up 2` forms a two-silo production cluster on its own PostgreSQL and anvil,
/// `roll` restarts both silos one at a time (SIGTERM, exit, start, ready) while blocks keep coming, and `down` leaves
/// nothing running; `wsc loadtest ticks` through both gateways during the roll loses no request. Membership shows the old generations dead and two active ones; every block is ticked exactly once.
/// </summary>
public sealed class LocalClusterTests
{
    private const int Active = 3;
    private const int Dead = 6;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Up_roll_down_keeps_two_active_members_and_ticks_every_block_once()
    {
        var cluster = new LocalCluster();
        var pids = new List<int>();
        try
        {
            cluster.Run("up", "2");
            var status = cluster.Status();
            var silos = status.GetProperty("silos").EnumerateArray().ToList();
            Assert.Equal(2, silos.Count);
            Assert.All(silos, s => Assert.True(s.GetProperty("ready").GetBoolean()));
            var before = Members(status);
            Assert.Equal(2, before.Count(m => m.Status == Active));
            Assert.Equal(2, before.Count);
            pids.AddRange(silos.Select(s => s.GetProperty("pid").GetInt32()));
            var http = silos.Select(s => s.GetProperty("http").GetInt32()).ToList();
            var rpc = new Uri(status.GetProperty("rpc").GetString()!);

            await InProcessSilo.WaitUntilAsync(async () => await HeadAsync(http[0]) >= 3, 60, "the first ticks");
            var headBeforeRoll = await HeadAsync(http[0]);

            // Tick reads through both gateways all through the roll: a graceful stop of the silo hosting the chain
            // grain rejects them ("Silo stopping"); the client tries again, so none may fail.
            var gateways = string.Join(',', silos.Select(s => "127.0.0.1:" + s.GetProperty("gateway").GetInt32().ToString(CultureInfo.InvariantCulture)));
            using var load = WscProcess.Start("loadtest", "ticks", "--rate", "20", "--duration", "30", "--concurrency", "64",
                "--timeout", "30", "--gateway", gateways, "--json");
            await Task.Delay(TimeSpan.FromSeconds(3));
            cluster.Run("roll");
            var loadRun = await load.WaitAsync(120, "loadtest ticks during the roll");
            Assert.True(loadRun.ExitCode == 0, $"loadtest during the roll: exit {loadRun.ExitCode}: {loadRun.Stderr}{loadRun.Stdout}");
            var loadResult = JsonDocument.Parse(loadRun.Stdout).RootElement;
            Assert.Equal(600, loadResult.GetProperty("requests").GetInt64());
            Assert.Equal(0, loadResult.GetProperty("errors").GetInt64());
            status = cluster.Status();
            silos = [.. status.GetProperty("silos").EnumerateArray()];
            Assert.All(silos, s => Assert.True(s.GetProperty("ready").GetBoolean()));
            var newPids = silos.Select(s => s.GetProperty("pid").GetInt32()).ToList();
            Assert.Empty(newPids.Intersect(pids));
            pids.AddRange(newPids);
            var after = Members(status);
            // Each silo left gracefully (its old generation is dead) and came back as a new active generation.
            Assert.Equal(4, after.Count);
            foreach (var old in before)
            {
                Assert.Equal(Dead, after.Single(m => m.Address == old.Address && m.Generation == old.Generation).Status);
                Assert.Equal(Active, after.Single(m => m.Address == old.Address && m.Generation > old.Generation).Status);
            }

            // Ticking carries on after the roll, from both silos' point of view, and no block is missed or ticked twice.
            var headAfterRoll = await HeadAsync(http[1]);
            Assert.True(headAfterRoll > headBeforeRoll, $"no tick during the roll: head {headBeforeRoll} before, {headAfterRoll} after");
            await InProcessSilo.WaitUntilAsync(async () => await HeadAsync(http[1]) >= headAfterRoll + 3, 60, "ticks after the roll");
            var head = await HeadAsync(http[0]);
            var ticks = (await Http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{http[0]}/api/ticks?from=0&to={head}")).EnumerateArray().ToList();
            Assert.Equal((int)head + 1, ticks.Count);
            for (var n = 0UL; n <= head; n++)
            {
                var tick = Assert.Single(ticks, t => t.GetProperty("number").GetUInt64() == n);
                var block = await Rpc.CallAsync(rpc, "eth_getBlockByNumber", "0x" + n.ToString("x", CultureInfo.InvariantCulture), false);
                Assert.Equal(block.GetProperty("hash").GetString(), tick.GetProperty("hash").GetString());
                Assert.NotEqual("orphaned", tick.GetProperty("status").GetString());
            }
        }
        finally
        {
            cluster.Dispose();
        }
        Assert.False(Directory.Exists(cluster.Dir), "down leaves the state directory behind");
        foreach (var pid in pids)
        {
            Assert.False(Alive(pid), $"silo process {pid} still runs after down");
        }
    }

    private sealed record Member(string Address, long Generation, int Status);

    private static List<Member> Members(JsonElement status) =>
        [.. status.GetProperty("membership").EnumerateArray().Select(m =>
            new Member(m.GetProperty("address").GetString()!, m.GetProperty("generation").GetInt64(), m.GetProperty("status").GetInt32()))];

    private static async Task<ulong> HeadAsync(int httpPort)
    {
        try
        {
            var chain = await Http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{httpPort}/api/chain");
            return chain.GetProperty("head").ValueKind == JsonValueKind.Object ? chain.GetProperty("head").GetProperty("number").GetUInt64() : 0;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
