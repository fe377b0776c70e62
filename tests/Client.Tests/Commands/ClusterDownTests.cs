using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orleans.Runtime;
using Wsc.Client.Cli;
using Wsc.TestKit;

namespace Wsc.Client.Tests.Commands;

/// <summary>The bad hour: no cluster, a port that is not a gateway, a failover; always one line naming the gateway.</summary>
public sealed class ClusterDownTests
{
    [Theory]
    [InlineData("chain", "status", "--json")]
    [InlineData("ticks", "--from", "1", "--to", "3")]
    [InlineData("chain", "pause", "--reason", "x")]
    [InlineData("proofs", "--json")]
    public void With_nothing_listening_a_call_fails_at_once_naming_the_gateway(params string[] args)
    {
        var gateway = $"127.0.0.1:{FreePort.Next()}";
        var sw = Stopwatch.StartNew();
        var (exit, stdout, stderr) = WscProcess.Run([.. args, "--gateway", gateway]);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Equal($"wsc: cannot connect to the cluster gateway at {gateway}: connection refused (is a silo running? ./run.sh)", stderr.Trim());
    }

    [Fact]
    public void A_port_that_accepts_but_is_no_gateway_fails_within_the_connect_budget_in_one_plain_line()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // accepts connections (the kernel's backlog) and never says a word
        var gateway = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var sw = Stopwatch.StartNew();
        var (exit, _, stderr) = WscProcess.Run(new Dictionary<string, string> { ["WSC_CONNECT_TIMEOUT"] = "3" }, "chain", "status", "--gateway", gateway);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(8), $"took {sw.Elapsed}");
        Assert.Contains("no Orleans gateway answered within 3 s", stderr);
        Assert.Equal(1, exit);
        Assert.StartsWith($"wsc: cannot connect to the cluster gateway at {gateway}: ", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("task was canceled", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("System.", stderr);
    }

    [Fact]
    public void A_proofs_limit_out_of_range_is_an_error_before_any_connection()
    {
        var (exit, stdout, stderr) = WscProcess.Run("proofs", "--limit", "0", "--gateway", "127.0.0.1:1");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Equal("wsc: --limit 0: expected 1..1000", stderr.Trim());
    }

    [Fact]
    public void An_inverted_range_is_an_error_before_any_connection()
    {
        var (exit, stdout, stderr) = WscProcess.Run("ticks", "--from", "10", "--to", "5", "--gateway", "127.0.0.1:1");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Equal("wsc: --from 10 is above --to 5: give the lower block first", stderr.Trim());
    }

    [Fact]
    public async Task A_failover_is_retried_until_the_grain_answers()
    {
        var calls = 0;
        var answer = await new FailoverRetry(TimeSpan.FromSeconds(10)).RunAsync("chain status", "gw:1", () =>
            ++calls < 3 ? throw new SiloUnavailableException("silo S1 is dead") : Task.FromResult(42));
        Assert.Equal(42, answer);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_failover_that_outlasts_the_window_ends_in_one_line_naming_the_gateway()
    {
        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CliException>(() => new FailoverRetry(TimeSpan.FromSeconds(1.5)).RunAsync<int>("chain status", "gw:30000",
            () => throw new SiloUnavailableException("Silo S127.0.0.1:11111:1 is unavailable\n   at Orleans.Runtime...")));
        Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(0.7), TimeSpan.FromSeconds(4));
        Assert.StartsWith("chain status: the cluster at gw:30000 did not answer for 1.5 s (", e.Message);
        Assert.Contains("the silo holding the grain is gone", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<ArgumentException>(() => new FailoverRetry(TimeSpan.FromSeconds(10)).RunAsync<int>("ticks", "gw:1", () =>
        {
            calls++;
            throw new ArgumentException("tick range spans more than 1000 blocks");
        }));
        Assert.Equal(1, calls);
    }
}
