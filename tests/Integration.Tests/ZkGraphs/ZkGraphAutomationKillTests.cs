using Npgsql;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Client.Cli;
using Wsc.Client.Db;
using Wsc.Client.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;
using static Wsc.Integration.Tests.ZkGraphs.ZkGraphProductionTests;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>
/// A production silo process on PostgreSQL sending automation transactions is SIGKILLed between storing the signed
/// transaction and sending it, or right after sending it (the `Automation:FaultPause` hang); the restarted silo sends
/// the stored transaction, and every output's transaction is on chain exactly once, the one signed before the kill.
/// </summary>
public sealed class ZkGraphAutomationKillTests
{
    private const string AutomationKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil account 1
    private const string Target = "0x00000000000000000000000000000000000000a1";

    [Theory]
    [InlineData("after-persist")]
    [InlineData("after-send")]
    public async Task A_silo_killed_around_the_send_puts_each_automation_transaction_on_chain_exactly_once(string point)
    {
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var pauseFile = Path.Combine(Path.GetTempPath(), $"wsc-automation-pause-{Guid.NewGuid():N}");

        var args = Production(anvil.Rpc, cs, out var httpPort, out var gateway);
        args.AddRange(["--Automation:Key=" + AutomationKey, "--Automation:FaultPause=" + point, "--Automation:FaultPauseFile=" + pauseFile]);
        string id;
        string persistedHash;
        using (var victim = SiloProcess.Start([.. args]))
        {
            await InProcessSilo.WaitUntilAsync(async () => await TryGetAsync(http, httpPort, "/health/ready") is not null, 120, "the silo ready");
            await using (var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{gateway}", CancellationToken.None))
            {
                var (yaml, elf) = Graphs.Load("erc20-volume");
                var cut = yaml.IndexOf("dataDestinations:", StringComparison.Ordinal);
                yaml = yaml[..cut] + $"dataDestinations:\n  - kind: ethereum\n    address: \"{Target}\"\n";
                id = (await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, PrivateKey.FromHex(AnvilNode.Key0))).Id;
            }
            for (var i = 0; i < 3; i++)
            {
                await token.BlockAsync(i + 1);
            }
            await InProcessSilo.WaitUntilAsync(() => Task.FromResult(File.Exists(pauseFile) && File.ReadAllText(pauseFile).Length == 66), 90, $"the sender to hang {point}");
            persistedHash = File.ReadAllText(pauseFile);
            // Stored before anything is sent; on chain only when the hang came after the send.
            Assert.Equal([persistedHash], await AutomationHashesAsync(cs));
            var expectedOnChain = point == "after-send" ? 1 : 0;
            await InProcessSilo.WaitUntilAsync(async () => (await SentAsync(anvil)).Count == expectedOnChain, 20, $"{expectedOnChain} transaction(s) on chain at the kill");
            victim.Kill();
        }
        File.Delete(pauseFile);

        var restartArgs = Production(anvil.Rpc, cs, out var httpPort2, out _);
        restartArgs.Add("--Automation:Key=" + AutomationKey);
        using var restarted = SiloProcess.Start([.. restartArgs]);
        await InProcessSilo.WaitUntilAsync(async () => await TryGetAsync(http, httpPort2, "/health/ready") is not null, 120, "the restarted silo ready");
        // Every non-empty output delivered (its transaction included), at least the three transfer blocks.
        try
        {
            await InProcessSilo.WaitUntilAsync(async () =>
            {
                var (outputs, delivered) = await DeliveredAsync(cs, id);
                return outputs >= 3 && delivered == outputs;
            }, 90, "every output's automation transaction included");
        }
        catch (TimeoutException e)
        {
            File.WriteAllLines(Path.Combine(Path.GetTempPath(), $"wsc-automation-kill-{point}.log"), [.. restarted.Stdout, .. restarted.Stderr]);
            throw new TimeoutException($"{e.Message}; outputs: {await DeliveredAsync(cs, id)}; silo log: {string.Join(" | ", restarted.Stdout.TakeLast(15))} {string.Join(" | ", restarted.Stderr.TakeLast(15))}", e);
        }

        var sent = await SentAsync(anvil);
        var (count, _) = await DeliveredAsync(cs, id);
        Assert.Equal(count, sent.Count);
        Assert.Contains(persistedHash, sent.Select(t => t.Hash.ToString()));
        Assert.Equal(sent.Count, sent.Select(t => t.Nonce).Distinct().Count());
        Assert.Equal((await AutomationHashesAsync(cs)).Order(StringComparer.Ordinal), sent.Select(t => t.Hash.ToString()).Order(StringComparer.Ordinal));
        Assert.All(sent, t => Assert.Equal(Address.Parse(Target), t.To));
    }

    private static async Task<List<Wsc.Chain.Types.Transaction>> SentAsync(AnvilNode anvil)
    {
        using var rpc = new EthRpcClient(anvil.Rpc);
        var key = PrivateKey.FromHex(AutomationKey).Address;
        var sent = new List<Wsc.Chain.Types.Transaction>();
        var last = await rpc.BlockNumberAsync(CancellationToken.None);
        for (ulong n = 0; n <= last; n++)
        {
            sent.AddRange((await rpc.GetBlockAsync(n, CancellationToken.None))!.Transactions.Where(t => t.RecoverSender() == key));
        }
        return sent;
    }

    private static async Task<List<string>> AutomationHashesAsync(string cs)
    {
        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT tx_hash FROM zkgraph_automation", db);
        await using var r = await cmd.ExecuteReaderAsync();
        var hashes = new List<string>();
        while (await r.ReadAsync())
        {
            hashes.Add("0x" + Convert.ToHexStringLower(r.GetFieldValue<byte[]>(0)));
        }
        return hashes;
    }

    /// <summary>(final non-empty outputs, those whose destination result reads "included").</summary>
    private static async Task<(long Outputs, long Delivered)> DeliveredAsync(string cs, string graphId)
    {
        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*), count(*) FILTER (WHERE array_to_string(destinations, ' ') LIKE '%included in block%') " +
            "FROM zkgraph_outputs WHERE graph_id = $1 AND status = 1 AND octet_length(output) > 0", db);
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash32.Parse(graphId).ToArray() });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
