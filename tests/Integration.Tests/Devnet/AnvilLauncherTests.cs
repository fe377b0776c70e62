using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Wsc.Silo.Devnet;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Devnet;

public sealed class AnvilLauncherTests
{
    [Fact]
    public async Task Launcher_starts_anvil_on_a_random_port_publishes_it_and_StopAsync_leaves_no_process()
    {
        await using var host = DevnetHost.Build(new()
        {
            ["Devnet:Port"] = "0",
            ["Devnet:BlockTime"] = "0.5",
            ["Devnet:Traffic"] = "false",
            ["Ethereum:ChainId"] = "31338",
        });
        await host.StartAsync();
        var anvil = host.Launcher.Anvil!;
        Assert.NotNull(anvil);
        Assert.True(host.Endpoint.IsReady);
        Assert.True(host.Endpoint.IsDevnet);
        Assert.Equal(anvil.Rpc, host.Endpoint.Rpc);
        Assert.Equal(new Uri($"ws://127.0.0.1:{anvil.Port}"), host.Endpoint.Ws);
        Assert.NotEqual(8545, anvil.Port);
        Assert.Equal("0x7a6a", (await Rpc.CallAsync(host.Endpoint.Rpc, "eth_chainId")).GetString());
        var pid = anvil.ProcessId;
        Assert.False(Process.GetProcessById(pid).HasExited);
        // anvil itself (setsid execs it in place) leads a session of its own: a Ctrl+C or a signal to the silo's process
        // group does not kill it while the silo still shuts down; the launcher stops it.
        Assert.Equal("anvil", File.ReadAllText($"/proc/{pid}/comm").Trim());
        Assert.Equal(pid, SessionOf(pid));
        Assert.NotEqual(SessionOf(Environment.ProcessId), SessionOf(pid));

        await host.StopAsync();

        Assert.False(anvil.IsRunning);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
        await Assert.ThrowsAsync<HttpRequestException>(() => Rpc.CallAsync(host.Endpoint.Rpc, "eth_chainId"));
    }

    [Fact]
    public async Task Missing_anvil_binary_is_a_one_line_error_naming_the_path_and_the_setup_script()
    {
        var missing = Path.Combine(Path.GetTempPath(), "wsc-no-such-dir", "anvil");
        await using var host = DevnetHost.Build(new() { ["Devnet:AnvilPath"] = missing, ["Devnet:Port"] = "0" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains(missing, error.Message);
        Assert.Contains("scripts/setup.sh", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Endpoint.WhenReadyAsync());
    }

    [Fact]
    public void Locator_without_a_configured_path_looks_in_the_repository_tools_dir()
    {
        var found = AnvilLocator.Locate(null, Paths.RepoRoot);
        Assert.Equal(Path.Combine(Paths.RepoRoot, ".tools", "bin", "anvil"), found);
    }

    [Fact]
    public async Task Watchdog_kills_anvil_when_the_owning_process_dies_without_stopping_it()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var anvil = await AnvilProcess.StartAsync(
            new AnvilStartOptions(AnvilNode.Locate(), BlockTime: null, OwnerPid: owner.Id), NullLogger.Instance);
        try
        {
            Assert.True(anvil.IsRunning);
            owner.Kill();
            await owner.WaitForExitAsync();

            var deadline = Stopwatch.StartNew();
            while (anvil.IsRunning && deadline.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(100);
            }
            Assert.False(anvil.IsRunning, "anvil outlived its owner by more than 5 s");
        }
        finally
        {
            await anvil.StopAsync();
        }
    }

    [Fact]
    public async Task With_Ethereum_Rpc_set_no_anvil_is_started_and_the_configured_urls_are_published()
    {
        await using var host = DevnetHost.Build(new()
        {
            ["Ethereum:Rpc"] = "http://127.0.0.1:1",
            ["Ethereum:Ws"] = "ws://127.0.0.1:2",
            ["Ethereum:ChainId"] = "1",
        });
        await host.StartAsync();

        Assert.Null(host.Launcher.Anvil);
        Assert.False(host.Endpoint.IsDevnet);
        Assert.Equal(new Uri("http://127.0.0.1:1"), host.Endpoint.Rpc);
        Assert.Equal(new Uri("ws://127.0.0.1:2"), host.Endpoint.Ws);
        Assert.Equal(1UL, host.Settings.ChainId);
        Assert.Equal(0, host.Traffic.Rounds);
    }

    [Fact]
    public async Task Devnet_Enabled_false_turns_off_anvil_and_traffic_even_in_Development()
    {
        await using var host = DevnetHost.Build(new()
        {
            ["Devnet:Enabled"] = "false",
            ["Devnet:Traffic"] = "true",
            ["Devnet:BlockTime"] = "0.1",
            ["Ethereum:Rpc"] = "http://127.0.0.1:1",
        });
        await host.StartAsync();
        await Task.Delay(500); // Traffic against this dead RPC would have failed several times by now.

        Assert.Null(host.Launcher.Anvil);
        Assert.Equal(0, host.Traffic.Failures);
        Assert.Equal(0, host.Traffic.Rounds);
        Assert.False(host.Traffic.Deployed.IsCompleted);
    }

    [Fact]
    public async Task Devnet_off_without_an_rpc_is_a_one_line_error()
    {
        await using var host = DevnetHost.Build(new(), environment: "Production");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("Ethereum:Rpc", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("Devnet:BlockTime", "fast")]
    [InlineData("Devnet:BlockTime", "0")]
    [InlineData("Devnet:Port", "70000")]
    [InlineData("Devnet:Enabled", "yes")]
    [InlineData("Ethereum:Rpc", "localhost:8545")]
    [InlineData("Ethereum:ChainId", "-1")]
    public void Malformed_settings_are_a_one_line_error_naming_the_key_and_value(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DevnetHost.Build(new() { [key] = value }));

        Assert.StartsWith($"{key} '", error.Message);
        Assert.Contains(value, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_taken_fixed_port_is_a_one_line_error()
    {
        using var blocker = new TcpListener(System.Net.IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((System.Net.IPEndPoint)blocker.LocalEndpoint).Port;
        await using var host = DevnetHost.Build(new() { ["Devnet:Port"] = port.ToString() });

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains($":{port}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>The session id of a process (field 6 of /proc/PID/stat, counted after the parenthesised name).</summary>
    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
