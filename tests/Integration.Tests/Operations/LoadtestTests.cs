using System.Globalization;
using System.Text.Json;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Integration.Tests.Harness;
using Wsc.Integration.Tests.Storage;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// `wsc loadtest` (the real binary) against a real development silo: every available scenario runs a short
/// open-loop load, answers without errors, and prints the eight figures; scenarios whose cluster feature does not
/// exist yet are refused with one line.
/// </summary>
public sealed class LoadtestTests(StorageSiloFixture silo) : IClassFixture<StorageSiloFixture>
{
    [Theory]
    [InlineData("ticks")]
    [InlineData("storage-put")]
    [InlineData("storage-get")]
    [InlineData("gateway-get")]
    public async Task A_short_run_answers_every_request_and_prints_the_figures(string scenario)
    {
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Client.GetGrain<IChainGrain>("eth-31337").GetStatusAsync()).Head is not null,
            60, "the first tick");
        var run = await WscProcess.RunAsync(120, "loadtest", scenario, "--rate", "20", "--duration", "2", "--concurrency", "16",
            "--gateway", "127.0.0.1:" + silo.GatewayPort.ToString(CultureInfo.InvariantCulture),
            "--http", "http://127.0.0.1:" + silo.HttpPort.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");

        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(["scenario", "requests", "errors", "p50Ms", "p95Ms", "p99Ms", "maxMs", "throughput"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal(scenario, result.GetProperty("scenario").GetString());
        Assert.Equal(40, result.GetProperty("requests").GetInt64());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
        var p50 = result.GetProperty("p50Ms").GetDouble();
        var p95 = result.GetProperty("p95Ms").GetDouble();
        var p99 = result.GetProperty("p99Ms").GetDouble();
        var max = result.GetProperty("maxMs").GetDouble();
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99 && p99 <= max, $"percentiles out of order: {run.Stdout}");
        Assert.True(result.GetProperty("throughput").GetDouble() > 5, $"throughput: {run.Stdout}");
    }

    [Fact]
    public async Task Several_gateways_can_be_named_and_a_malformed_one_is_refused_in_one_line()
    {
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Client.GetGrain<IChainGrain>("eth-31337").GetStatusAsync()).Head is not null,
            60, "the first tick");
        var gateway = "127.0.0.1:" + silo.GatewayPort.ToString(CultureInfo.InvariantCulture);
        var run = await WscProcess.RunAsync(120, "loadtest", "ticks", "--rate", "10", "--duration", "1", "--gateway", $"{gateway}, localhost:{silo.GatewayPort}", "--json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(10, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("requests").GetInt64());

        var bad = await WscProcess.RunAsync(60, "loadtest", "ticks", "--rate", "10", "--duration", "1", "--gateway", $"{gateway},nonsense", "--json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("wsc: --gateway 'nonsense' is not host:port", bad.Stderr.Trim());
    }

    [Fact]
    public async Task Written_files_are_read_back_with_verify_writes_which_a_read_scenario_refuses()
    {
        var gateway = "127.0.0.1:" + silo.GatewayPort.ToString(CultureInfo.InvariantCulture);
        var run = await WscProcess.RunAsync(120, "loadtest", "storage-put", "--rate", "10", "--duration", "1", "--gateway", gateway, "--verify-writes", "--json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(10, result.GetProperty("verifiedWrites").GetInt64());
        Assert.Equal(0, result.GetProperty("lostWrites").GetInt64());

        var refused = await WscProcess.RunAsync(60, "loadtest", "ticks", "--rate", "10", "--duration", "1", "--gateway", gateway, "--verify-writes", "--json");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("wsc: --verify-writes: scenario 'ticks' does not write", refused.Stderr.Trim());
        Assert.Equal("", refused.Stdout);
    }

    [Fact]
    public async Task Prove_submits_proof_jobs_and_awaits_each_verified_receipt_and_needs_an_elf()
    {
        var gateway = "127.0.0.1:" + silo.GatewayPort.ToString(CultureInfo.InvariantCulture);
        var missing = await WscProcess.RunAsync(60, "loadtest", "prove", "--rate", "1", "--duration", "1", "--gateway", gateway, "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("wsc: scenario 'prove' needs --elf FILE: the guest program each proof job runs", missing.Stderr.Trim());
        Assert.Equal("", missing.Stdout);

        var elf = Path.Combine(Path.GetTempPath(), $"wsc-loadtest-counter-{Guid.NewGuid():N}.elf");
        await File.WriteAllBytesAsync(elf, Wsc.Grains.Tests.Proving.CounterProgram.Elf(100));
        try
        {
            var run = await WscProcess.RunAsync(300, "loadtest", "prove", "--elf", elf, "--rate", "1", "--duration", "2", "--timeout", "240",
                "--gateway", gateway, "--json");
            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
            var result = JsonDocument.Parse(run.Stdout).RootElement;
            Assert.Equal("prove", result.GetProperty("scenario").GetString());
            Assert.Equal(2, result.GetProperty("requests").GetInt64());
            Assert.Equal(0, result.GetProperty("errors").GetInt64());
            Assert.True(result.GetProperty("p50Ms").GetDouble() > 0, run.Stdout);
        }
        finally
        {
            File.Delete(elf);
        }
    }
}
