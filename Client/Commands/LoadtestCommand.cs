using System.CommandLine;
using System.Globalization;
using Wsc.Client.Cli;
using Wsc.Client.Loadtest;

namespace Wsc.Client.Commands;

/// <summary>
/// `wsc loadtest SCENARIO --rate R --duration S [--concurrency C] [--gateway host:port] [--http URL] --json`: an
/// open-loop load test (see <see cref="OpenLoopRunner"/>) against the cluster named by --gateway / --http only.
/// </summary>
public sealed class LoadtestCommand : ICommandGroup
{
    public Command Build()
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "ticks | storage-put | storage-get | gateway-get | zkgraph-outputs | prove (with --elf)",
        };
        var rate = new Option<double>("--rate") { Description = "requests per second (open loop: sent on schedule however slow the answers)", Required = true };
        var duration = new Option<double>("--duration") { Description = "seconds of sending; rate x duration requests in all", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "most requests in flight (default 256)", DefaultValueFactory = _ => 256 };
        var http = new Option<string>("--http")
        {
            Description = "silo HTTP base URL for HTTP scenarios",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WSC_HTTP") ?? "http://localhost:8080",
        };
        var size = new Option<int>("--size") { Description = "bytes per file for storage scenarios (default 1024)", DefaultValueFactory = _ => 1024 };
        var verifyWrites = new Option<bool>("--verify-writes")
        {
            Description = "after a write scenario (storage-put), read every acknowledged write back: adds {verifiedWrites, lostWrites}",
        };
        var elf = new Option<FileInfo?>("--elf")
        {
            Description = "prove: the RV32IM guest each proof job runs (e.g. built by `wsc zkgraph build`); each job gets its own input",
        };
        var json = ClusterConnection.JsonOption();
        var command = new Command("loadtest", "Open-loop load test of one scenario: {scenario, requests, errors, p50Ms, p95Ms, p99Ms, maxMs, throughput}")
        {
            scenario, rate, duration, concurrency, http, size, verifyWrites, elf, json,
        };
        command.Options.Add(ClusterConnection.GatewayOption);
        command.Options.Add(ClusterConnection.ChainIdOption);
        command.Options.Add(ClusterConnection.TimeoutOption);
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(scenario)!;
            if (ScenarioCatalog.Problem(name) is string refusal)
            {
                throw new CliException(refusal);
            }
            var plan = new LoadPlan(parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(concurrency),
                TimeSpan.FromSeconds(parse.GetValue(ClusterConnection.TimeoutOption)));
            if (plan.Problem() is string problem)
            {
                throw new CliException(problem);
            }
            var fileSize = parse.GetValue(size);
            if (fileSize is < 1 or > 16 * 1024 * 1024)
            {
                throw new CliException($"--size {fileSize}: expected 1 to 16777216 bytes");
            }
            byte[]? program = null;
            if (name == "prove")
            {
                var file = parse.GetValue(elf) ?? throw new CliException("scenario 'prove' needs --elf FILE: the guest program each proof job runs");
                program = file.Exists ? File.ReadAllBytes(file.FullName) : throw new CliException($"--elf {file.FullName}: no such file");
                _ = ReceiptFiles.LoadImage(file); // a file that is not an RV32IM executable is refused here, in one line
            }
            var needs = ScenarioCatalog.Available[name];
            var baseUri = needs.Http ? HttpBase(parse.GetValue(http)!) : null;
            var chainId = parse.GetValue(ClusterConnection.ChainIdOption);

            var gatewayList = parse.GetValue(ClusterConnection.GatewayOption)!;
            await using var conn = await ClusterConnection.ConnectAsync(gatewayList, ct, plan.RequestTimeout);
            using var httpClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = plan.Concurrency })
            {
                BaseAddress = baseUri,
                Timeout = plan.RequestTimeout,
            };
            ILoadScenario load = name switch
            {
                // Reads are retried through a failover, as the CLI retries them; writes are not (they may have run).
                "ticks" => new FailoverRetryingScenario(new TicksScenario(conn.Client, chainId), plan.RequestTimeout, gatewayList),
                // A put retried after a failover writes the same bytes to the same path again: the file ends the same.
                "storage-put" => new FailoverRetryingScenario(new StoragePutScenario(conn.Client, chainId, fileSize), plan.RequestTimeout, gatewayList),
                "storage-get" => new FailoverRetryingScenario(new StorageGetScenario(conn.Client, chainId, fileSize), plan.RequestTimeout, gatewayList),
                "gateway-get" => new GatewayGetScenario(conn.Client, httpClient, chainId, fileSize),
                "prove" => new ProveScenario(conn.Client, program!, plan.RequestTimeout, gatewayList),
                "zkgraph-outputs" => new FailoverRetryingScenario(new ZkGraphOutputsScenario(conn.Client, chainId), plan.RequestTimeout, gatewayList),
                _ => throw new CliException($"unknown scenario '{name}'"),
            };
            var writes = parse.GetValue(verifyWrites)
                ? (load as FailoverRetryingScenario)?.Inner as IWriteScenario ?? throw new CliException($"--verify-writes: scenario '{name}' does not write")
                : null;
            try
            {
                await load.PrepareAsync(plan.Requests, ct);
            }
            catch (Exception e) when (e is not (CliException or OperationCanceledException))
            {
                throw new CliException($"{name}: preparing the run failed: {e.Message.ReplaceLineEndings(" ")}");
            }

            var runner = new OpenLoopRunner();
            Action<LoadProgress>? progress = Console.IsErrorRedirected ? null : p => Console.Error.Write(ProgressLine(name, p));
            var result = await runner.RunAsync(name, plan, load.RunAsync, progress, ct);
            if (progress is not null)
            {
                Console.Error.WriteLine();
            }
            WriteCheck? check = null;
            if (writes is not null)
            {
                check = await writes.VerifyWritesAsync(ct);
                result = result with { VerifiedWrites = check.Verified, LostWrites = check.Lost };
            }
            Output.Write(result, parse.GetValue(json), r => Console.WriteLine(
                $"{r.Scenario}: {r.Requests} requests, {r.Errors} errors, p50 {r.P50Ms} ms, p95 {r.P95Ms} ms, p99 {r.P99Ms} ms, max {r.MaxMs} ms, {r.Throughput} req/s"
                + (r.LostWrites is null ? "" : $"; writes read back: {r.VerifiedWrites} intact, {r.LostWrites} lost")));
            if (result.Errors > 0)
            {
                await Console.Error.WriteLineAsync($"wsc: {result.Errors} of {result.Requests} requests failed; first: {runner.FirstError}");
                return 1;
            }
            if (check is { Lost: > 0 })
            {
                await Console.Error.WriteLineAsync($"wsc: {check.Lost} of {check.Lost + check.Verified} acknowledged writes were not read back; first: {check.FirstLost}");
                return 1;
            }
            return 0;
        });
        return command;
    }

    /// <summary>The live line: carriage return first, so each update overwrites the last on a terminal.</summary>
    internal static string ProgressLine(string scenario, LoadProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"\r{scenario} {p.Elapsed.TotalSeconds,6:0.0}s sent {p.Sent}/{p.Planned} answered {p.Completed} errors {p.Errors} p99 {p.P99MsSoFar:0.0} ms   ");

    private static Uri HttpBase(string text)
    {
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--http '{text}' is not an http(s) URL");
        }
        return uri;
    }
}
