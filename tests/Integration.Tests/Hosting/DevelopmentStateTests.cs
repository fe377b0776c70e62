using Microsoft.Extensions.DependencyInjection;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Development;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Hosting;

/// <summary>A development silo given a data directory keeps its state across a restart (each test its own directory).</summary>
public sealed class DevelopmentStateTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("wsc-devstate-");

    public void Dispose() => _data.Delete(true);

    [Fact]
    public async Task The_devnet_its_ticks_and_stored_files_survive_a_restart_and_the_silo_says_it_resumed()
    {
        (string, string)[] settings = [("Development:DataDir", _data.FullName), ("Devnet:BlockTime", "0.25"), ("Devnet:TrafficEveryBlocks", "1")];
        const string Url = "web3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:31337/notes/hello.txt";
        var file = Path.Combine(_data.FullName, "..", $"{_data.Name}-hello.txt");
        await File.WriteAllTextAsync(file, "kept across a restart");
        IReadOnlyList<Wsc.Grains.Interfaces.Consensus.TickRecord> before;
        try
        {
            await using (var first = await InProcessSilo.StartDevelopmentAsync(settings))
            {
                var state = first.Services.GetRequiredService<DevelopmentState>();
                Assert.False(state.Resumed);
                Assert.StartsWith("Development state: started fresh in ", state.Describe(devnet: true));
                await first.WaitForHeadAsync(8);
                var put = await WscCli.RunAsync("storage", "put", Url, file, "--key", AnvilNode.Key0, "--gateway", $"127.0.0.1:{first.GatewayPort}");
                Assert.True(put.ExitCode == 0, put.Stderr);
                before = await first.Chain.GetTicksAsync(0, 8);
            }

            await using var second = await InProcessSilo.StartDevelopmentAsync(settings);
            var resumed = second.Services.GetRequiredService<DevelopmentState>();
            Assert.True(resumed.Resumed);
            Assert.StartsWith($"Development state: resumed from {_data.FullName}", resumed.Describe(devnet: true));
            // The cursor is back at once (never re-ticked from block 0), and the restored devnet is the same chain.
            var status = await second.Chain.GetStatusAsync();
            Assert.True(status.Head?.Number >= 8, $"head after restart: {status.Head}");
            Assert.Equal(before.Select(t => (t.Number, t.Hash)), (await second.Chain.GetTicksAsync(0, 8)).Select(t => (t.Number, t.Hash)));
            await second.WaitForHeadAsync(status.Head!.Number + 4);
            Assert.Equal(0UL, (await second.Chain.GetStatusAsync()).Reorgs);
            var get = await WscCli.RunAsync("storage", "get", Url, "--gateway", $"127.0.0.1:{second.GatewayPort}");
            Assert.True(get.ExitCode == 0, get.Stderr);
            Assert.Equal("kept across a restart", get.Stdout.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Following_an_external_node_resumes_from_the_persisted_cursor()
    {
        using var anvil = new AnvilNode();
        await anvil.MineAsync(6);
        await using (var first = await InProcessSilo.StartAsync(anvil.Rpc, ("Development:DataDir", _data.FullName)))
        {
            await first.WaitForHeadAsync(6);
        }
        await anvil.MineAsync(3);
        // StartPaused only pauses a follower with no state: this one has its cursor, so it goes on from there.
        await using var second = await InProcessSilo.StartAsync(anvil.Rpc, ("Development:DataDir", _data.FullName), ("Ethereum:StartPaused", "true"));
        var status = await second.Chain.GetStatusAsync();
        Assert.Null(status.Halted);
        Assert.True(status.Head?.Number >= 6, $"head after restart: {status.Head}");
        await second.WaitForHeadAsync(9);
    }

    [Fact]
    public async Task Two_silos_cannot_share_one_data_directory()
    {
        using var anvil = new AnvilNode();
        await using var first = await InProcessSilo.StartAsync(anvil.Rpc, ("Development:DataDir", _data.FullName));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => InProcessSilo.StartAsync(anvil.Rpc, ("Development:DataDir", _data.FullName)));
        Assert.Contains($"Development:DataDir {_data.FullName} cannot be used", e.Message);
    }
}
