using System.CommandLine;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using static Wsc.Client.Cli.CommandSupport;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Zk.Graph;

namespace Wsc.Client.Commands;

/// <summary>
/// `wsc zkgraph build DIR`, `deploy DIR --key HEX`, `exec DIR --block N [--rpc URL]`, `input DIR --block N -o FILE`,
/// `list`, `show ID`, `outputs ID [--from N] [--to M] [--follow]`, `receipt ID --block N -o FILE`,
/// `verify ID --block N [--rpc URL]` and the signed
/// `pause|resume|remove ID --key HEX`.
/// </summary>
public sealed class ZkGraphCommands : ICommandGroup
{
    public Command Build()
    {
        var group = new Command("zkgraph", "zkGraph programs: build, deploy to the cluster, list, outputs, receipts and their verification against your own node, pause/resume/remove");
        group.Subcommands.Add(BuildCommand());
        group.Subcommands.Add(DeployCommand());
        group.Subcommands.Add(ExecCommand());
        group.Subcommands.Add(InputCommand());
        group.Subcommands.Add(ListCommand());
        group.Subcommands.Add(ShowCommand());
        group.Subcommands.Add(OutputsCommand());
        group.Subcommands.Add(ReceiptCommand());
        group.Subcommands.Add(VerifyCommand());
        group.Subcommands.Add(ControlCommand("pause", ZkGraphAction.Pause, "Stop running a graph on new ticks (signed by its deployer)"));
        group.Subcommands.Add(ControlCommand("resume", ZkGraphAction.Resume, "Run a paused graph again (signed by its deployer)"));
        group.Subcommands.Add(ControlCommand("remove", ZkGraphAction.Remove, "Remove a graph (signed by its deployer; its outputs stay readable)"));
        return group;
    }

    private static Command BuildCommand()
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "directory holding zkgraph.yaml and the C sources" };
        var opt = new Option<string?>("--opt") { Description = "optimization level 0|1|2|3|s|z (default: the manifest's, else 2)" };
        var sdk = SdkOption();
        var output = new Option<FileInfo?>("-o", "--output") { Description = "ELF path (default: the manifest's program)" };
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var build = new Command("build", "Build a zkGraph and print {elf, imageId, bytes}") { dir, opt, sdk, output, json };
        build.SetAction(parse =>
        {
            var result = BuildGraph(parse.GetValue(dir)!, parse.GetValue(opt), parse.GetValue(sdk)?.FullName, parse.GetValue(output)?.FullName);
            Output.Write(result, parse.GetValue(json), r => Console.WriteLine($"{r.Elf}\nimage {r.ImageId}\n{r.Bytes} bytes"));
            return 0;
        });
        return build;
    }

    private static Command DeployCommand()
    {
        var path = new Argument<string>("DIR") { Description = "graph directory, or its zkgraph.yaml" };
        var key = new Option<string>("--key") { Description = "deployer's secp256k1 private key (0x-hex): owns the storage directory and signs the deploy", Required = true };
        var sdk = SdkOption();
        var json = ClusterConnection.JsonOption();
        var deploy = new Command("deploy", "Build if needed, store the program and manifest in the deployer's storage directory, register; prints {id, imageId, programUrl}") { path, key, sdk, json };
        AddConnection(deploy);
        deploy.SetAction(async (parse, ct) =>
        {
            var signer = ParseKey(parse.GetValue(key)!);
            var dir = GraphDirectory(parse.GetValue(path)!);
            var manifestPath = Path.Combine(dir.FullName, "zkgraph.yaml");
            ZkGraphManifest manifest;
            try
            {
                manifest = ZkGraphManifest.Load(manifestPath);
            }
            catch (ManifestException e)
            {
                throw new CliException(e.Message);
            }
            var elf = Path.GetFullPath(Path.Combine(dir.FullName, manifest.Program));
            if (NeedsBuild(dir, elf))
            {
                BuildGraph(dir, null, parse.GetValue(sdk)?.FullName, null);
            }
            var yaml = await File.ReadAllTextAsync(manifestPath, ct);
            var program = await File.ReadAllBytesAsync(elf, ct);
            var chainId = parse.GetValue(ClusterConnection.ChainIdOption);
            await using var conn = await ConnectAsync(parse, ct);
            var info = await Refusals(() => conn.CallAsync($"zkgraph deploy of {manifest.Name}", c => ZkGraphClient.DeployAsync(c, chainId, yaml, program, signer)));
            Output.Write(new { id = info.Id, imageId = info.ImageId, programUrl = info.ProgramUrl }, parse.GetValue(json),
                r => Console.WriteLine($"deployed {info.Name}\nid {r.id}\nimage {r.imageId}\nprogram {r.programUrl}"));
            return 0;
        });
        return deploy;
    }

    private static Command ExecCommand()
    {
        var path = new Argument<string>("DIR") { Description = "graph directory, or its zkgraph.yaml" };
        var block = new Option<ulong>("--block") { Description = "block number to run on", Required = true };
        var (rpc, blobs, maxCycles) = (RpcOption(), BlobOption(), new Option<long?>("--max-cycles") { Description = "cycle limit (default 200,000,000, as ZkGraphs:MaxCycles)" });
        var sdk = SdkOption();
        var json = ClusterConnection.JsonOption();
        var exec = new Command("exec", "Run a graph locally on a real block, its input assembled from your node as the cluster does: {block, hash, triggered, exitCode, cycles, output, inputDigest, imageId, error}")
        {
            path, block, rpc, blobs, maxCycles, sdk, json, ClusterConnection.GatewayOption, ClusterConnection.TimeoutOption,
        };
        exec.SetAction(async (parse, ct) =>
        {
            var (_, manifest, elf) = Built(parse.GetValue(path)!, parse.GetValue(sdk)?.FullName);
            var (input, triggered) = await LocalInputAsync(parse, manifest, parse.GetValue(block), rpc, blobs, ct);
            Wsc.Zk.Vm.ProgramImage image;
            try
            {
                image = Wsc.Zk.Vm.ProgramImage.FromElf(await File.ReadAllBytesAsync(elf, ct));
            }
            catch (Wsc.Zk.Vm.ElfFormatException e)
            {
                throw new CliException($"{elf}: {e.Message}");
            }
            var options = Wsc.Zk.Vm.ExecutionOptions.Default with { MaxCycles = parse.GetValue(maxCycles) ?? 200_000_000 };
            var run = new Wsc.Zk.Vm.Executor(image, options).Run(input.Encode());
            string? error = run.Trap is { } trap
                ? $"trap {trap.Kind} at pc 0x{trap.Pc:x8} after {trap.Cycle} cycles: {trap.Message.ReplaceLineEndings(" ")}"
                : run.ExitCode != 0 ? $"exited with code {run.ExitCode}" : null;
            var result = new ZkGraphExecResult(input.Number, "0x" + Convert.ToHexStringLower(input.Hash), triggered, run.Trap is null ? run.ExitCode : null,
                run.Cycles, "0x" + Convert.ToHexStringLower(run.Output), "0x" + Convert.ToHexStringLower(run.InputDigest), run.ImageId.ToString(), error);
            Output.Write(result, parse.GetValue(json), r => Console.WriteLine(
                $"{manifest.Name} on block {r.Block} {r.Hash}{(r.Triggered ? "" : " (its trigger would not run it)")}\n"
                + $"{(r.Error ?? "exit 0")} after {r.Cycles} cycles\ninput {r.InputDigest}\nimage {r.ImageId}\noutput {r.Output}"));
            if (error is not null)
            {
                Console.Error.WriteLine($"wsc: {manifest.Name} on block {input.Number}: {error}");
                return VmCommands.GuestFailedExitCode;
            }
            return 0;
        });
        return exec;
    }

    private static Command InputCommand()
    {
        var path = new Argument<string>("DIR") { Description = "graph directory, or its zkgraph.yaml" };
        var block = new Option<ulong>("--block") { Description = "block number", Required = true };
        var output = new Option<FileInfo>("-o", "--output") { Description = "file to write the binary tick input to (for wsc vm run / wsc prove --input)", Required = true };
        var (rpc, blobs) = (RpcOption(), BlobOption());
        var json = ClusterConnection.JsonOption();
        var command = new Command("input", "Write a graph's tick input for one block, assembled from your node as the cluster does: {file, block, hash, bytes, logs, slots, blobs, triggered}")
        {
            path, block, output, rpc, blobs, json, ClusterConnection.GatewayOption, ClusterConnection.TimeoutOption,
        };
        command.SetAction(async (parse, ct) =>
        {
            var manifest = LoadManifest(GraphDirectory(parse.GetValue(path)!));
            var (input, triggered) = await LocalInputAsync(parse, manifest, parse.GetValue(block), rpc, blobs, ct);
            var bytes = input.Encode();
            var file = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(file.FullName, bytes, ct);
            Output.Write(new { file = file.FullName, block = input.Number, hash = "0x" + Convert.ToHexStringLower(input.Hash), bytes = bytes.Length,
                logs = input.Logs.Count, slots = input.Slots.Count, blobs = input.Blobs.Count, receiptProofs = input.ReceiptProofs.Count, triggered }, parse.GetValue(json),
                r => Console.WriteLine($"{r.file}: block {r.block} {r.hash}, {r.bytes} bytes ({r.logs} logs, {r.slots} slots, {r.blobs} blobs, {r.receiptProofs} receipt proofs)"));
            return 0;
        });
        return command;
    }

    private static Option<string> RpcOption() => new("--rpc")
    {
        Description = "your Ethereum node's JSON-RPC URL (default: $WSC_RPC, else http://localhost:8545)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WSC_RPC") is { Length: > 0 } env ? env : "http://localhost:8545",
    };

    private static Option<FileInfo[]> BlobOption() => new("--blob")
    {
        Description = "a local copy of each of the manifest's storage blobs, in manifest order (default: read and verified from the cluster at --gateway)",
        AllowMultipleArgumentsPerToken = false,
    };

    private static async Task<(TickInput Input, bool Triggered)> LocalInputAsync(ParseResult parse, ZkGraphManifest manifest, ulong block,
        Option<string> rpc, Option<FileInfo[]> blobs, CancellationToken ct)
    {
        if (!Uri.TryCreate(parse.GetValue(rpc), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--rpc '{parse.GetValue(rpc)}': expected an http(s) URL");
        }
        return await ZkGraphLocalRun.InputAsync(manifest, uri, block, parse.GetValue(blobs) ?? [], parse.GetValue(ClusterConnection.GatewayOption)!,
            TimeSpan.FromSeconds(parse.GetValue(ClusterConnection.TimeoutOption)), ct);
    }

    // The graph directory, its manifest and its ELF, built first when missing or older than its sources.
    private static (DirectoryInfo Dir, ZkGraphManifest Manifest, string Elf) Built(string path, string? sdk)
    {
        var dir = GraphDirectory(path);
        var manifest = LoadManifest(dir);
        var elf = Path.GetFullPath(Path.Combine(dir.FullName, manifest.Program));
        if (NeedsBuild(dir, elf))
        {
            BuildGraph(dir, null, sdk, null);
        }
        return (dir, manifest, elf);
    }

    private static ZkGraphManifest LoadManifest(DirectoryInfo dir)
    {
        try
        {
            return ZkGraphManifest.Load(Path.Combine(dir.FullName, "zkgraph.yaml"));
        }
        catch (ManifestException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static Command ListCommand()
    {
        var json = ClusterConnection.JsonOption();
        var list = new Command("list", "Deployed graphs") { json };
        AddConnection(list);
        list.SetAction(async (parse, ct) =>
        {
            await using var conn = await ConnectAsync(parse, ct);
            var graphs = await conn.CallAsync("zkgraph list", c => Registry(c, parse).ListAsync());
            Output.Write(graphs.Select(ZkGraphView.From).ToList(), parse.GetValue(json), vs =>
            {
                foreach (var v in vs)
                {
                    Console.WriteLine($"{v.Id} {v.Name,-20} {v.Status,-7} {v.Trigger,-16} finality {v.Finality}");
                }
            });
            return 0;
        });
        return list;
    }

    /// <summary>How many of a graph's latest proof jobs `zkgraph show` summarizes.</summary>
    public const int ProvingWindow = 100;

    private static Command ShowCommand()
    {
        var id = new Argument<string>("ID") { Description = "graph id (0x…)" };
        var json = ClusterConnection.JsonOption();
        var show = new Command("show", "One deployed graph, with its latest proof jobs by state and why queued ones wait: proving {jobs, queued, proving, verified, failed, waiting}") { id, json };
        AddConnection(show);
        show.SetAction(async (parse, ct) =>
        {
            await using var conn = await ConnectAsync(parse, ct);
            var graph = await conn.CallAsync("zkgraph show", c => Registry(c, parse).GetAsync(parse.GetValue(id)!))
                ?? throw new CliException($"graph '{parse.GetValue(id)}' is not deployed on chain {parse.GetValue(ClusterConnection.ChainIdOption)}");
            // Its latest proof jobs: how many are in each state, and why the queued ones wait (Proving:MaxQueuedJobs).
            var jobs = await conn.CallAsync("zkgraph show", c => c.GetGrain<IProofCatalogGrain>(0).ListAsync(graph.Id, ProvingWindow), idempotent: true);
            Output.Write(ZkGraphView.From(graph) with { Proving = ZkGraphProvingView.From(jobs) }, parse.GetValue(json), v => Console.WriteLine(
                $"{v.Name} {v.Id}\nstatus {v.Status}\ndeployer {v.Deployer}\nimage {v.ImageId}\nmanifest {v.ManifestDigest}\nprogram {v.ProgramUrl}\ntrigger {v.Trigger}\nfinality {v.Finality}\n{v.Proving}"));
            return 0;
        });
        return show;
    }

    private static Command OutputsCommand()
    {
        var id = new Argument<string>("ID") { Description = "graph id (0x…)" };
        var from = new Option<ulong?>("--from") { Description = "first block (default: 19 below --to)" };
        var to = new Option<ulong?>("--to") { Description = "last block (default: the head)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "then print outputs as the graph records them (one line each; JSON Lines with --json) until interrupted" };
        var json = ClusterConnection.JsonOption();
        var outputs = new Command("outputs", "A graph's outputs by block: [{block, hash, output, receiptId, status}]") { id, from, to, follow, json };
        AddConnection(outputs);
        outputs.SetAction(async (parse, ct) =>
        {
            var graphId = parse.GetValue(id)!.ToLowerInvariant();
            await using var conn = await ConnectAsync(parse, ct);
            var chain = ZkGraphClient.Chain(parse.GetValue(ClusterConnection.ChainIdOption));
            _ = await conn.CallAsync("zkgraph outputs", c => Registry(c, parse).GetAsync(graphId))
                ?? throw new CliException($"graph '{graphId}' is not deployed on {chain}");
            Task<IReadOnlyList<ZkGraphOutput>> StoredAsync() => Refusals(() => conn.CallAsync("zkgraph outputs",
                c => c.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph(chain, graphId)).OutputsAsync(parse.GetValue(from), parse.GetValue(to))));
            if (parse.GetValue(follow))
            {
                await FollowAsync(conn, parse.GetValue(ClusterConnection.ChainIdOption), graphId, StoredAsync, parse.GetValue(json), ct);
                return 0;
            }
            var records = await StoredAsync();
            Output.Write(records.Select(ZkGraphOutputView.From).ToList(), parse.GetValue(json), vs =>
            {
                foreach (var v in vs)
                {
                    Console.WriteLine($"{v.Block,10} {v.Hash} {v.Status,-8} {v.Output}{(v.Error is null ? "" : "  " + v.Error)}");
                }
            });
            return 0;
        });
        return outputs;
    }

    private static Command ReceiptCommand()
    {
        var id = new Argument<string>("ID") { Description = "graph id (0x…)" };
        var block = new Option<ulong>("--block") { Description = "block number of the output", Required = true };
        var file = new Option<FileInfo>("-o", "--output") { Description = "receipt file to write (read it with `wsc verify`)", Required = true };
        var json = ClusterConnection.JsonOption();
        var receipt = new Command("receipt", "Export the verified receipt of a graph's output at a block: {receipt, receiptId, block, hash, bytes}") { id, block, file, json };
        AddConnection(receipt);
        receipt.SetAction(async (parse, ct) =>
        {
            var graphId = parse.GetValue(id)!.ToLowerInvariant();
            var number = parse.GetValue(block);
            await using var conn = await ConnectAsync(parse, ct);
            var chain = ZkGraphClient.Chain(parse.GetValue(ClusterConnection.ChainIdOption));
            _ = await conn.CallAsync("zkgraph receipt", c => Registry(c, parse).GetAsync(graphId))
                ?? throw new CliException($"graph '{graphId}' is not deployed on {chain}");
            var outputs = await Refusals(() => conn.CallAsync("zkgraph receipt",
                c => c.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph(chain, graphId)).OutputsAsync(number, number)));
            var output = outputs.FirstOrDefault(o => o.Status != ZkGraphOutputStatus.Orphaned)
                ?? throw new CliException($"graph {graphId} has no output at block {number}");
            var receiptId = output.ReceiptId
                ?? throw new CliException($"the output of graph {graphId} at block {number} is not proven (the graph's proving, or Proving:Enabled on the cluster)");
            var bytes = await conn.CallAsync("zkgraph receipt", c => c.GetGrain<IProofJobGrain>(receiptId).ReceiptAsync(), idempotent: true)
                ?? throw new CliException($"the receipt of graph {graphId} at block {number} is not verified yet: {output.ReceiptState ?? "missing"}");
            var path = parse.GetValue(file)!.FullName;
            await File.WriteAllBytesAsync(path, bytes, ct);
            Output.Write(new ZkGraphReceiptResult(path, receiptId, number, output.Hash, bytes.Length), parse.GetValue(json),
                r => Console.WriteLine($"{r.Receipt}: receipt {r.ReceiptId} of block {r.Block} {r.Hash}, {r.Bytes} bytes"));
            return 0;
        });
        return receipt;
    }

    private static Command VerifyCommand()
    {
        var id = new Argument<string>("ID") { Description = "graph id (0x…)" };
        var block = new Option<ulong>("--block") { Description = "block number of the output", Required = true };
        var rpc = RpcOption();
        var minBits = new Option<int>("--min-security-bits") { Description = "least conjectured security accepted", DefaultValueFactory = _ => 100 };
        var json = ClusterConnection.JsonOption();
        var verify = new Command("verify", "Check a graph's output at a block without trusting the cluster: the block header, receipts and slot proofs "
            + "from your own node (--rpc), the tick input rebuilt from them, its digest against the receipt's, the image id against the graph's, "
            + "the receipt's output against the stored one, the receipt by the verifier alone: {valid, graph, block, blockHash, imageId, output, securityBits, receiptId, checks}. "
            + "Any disagreement is one line naming what did not match, exit code 1")
        {
            id, block, rpc, minBits, json,
        };
        AddConnection(verify);
        verify.SetAction(async (parse, ct) =>
        {
            var graphId = parse.GetValue(id)!;
            var number = parse.GetValue(block);
            if (!Uri.TryCreate(parse.GetValue(rpc), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--rpc '{parse.GetValue(rpc)}': expected an http(s) URL");
            }
            await using var conn = await ConnectAsync(parse, ct);
            ZkGraphVerifyResult result;
            try
            {
                result = await ZkGraphOutputVerifier.VerifyAsync(conn, parse.GetValue(ClusterConnection.ChainIdOption), graphId, number, uri,
                    parse.GetValue(minBits), ct);
            }
            catch (ZkGraphVerifyException e)
            {
                throw new CliException($"graph {graphId.ToLowerInvariant()} at block {number}: invalid: {e.Message}");
            }
            Output.Write(result, parse.GetValue(json), r => Console.WriteLine(
                $"valid: graph {r.Graph} at block {r.Block} {r.BlockHash}\nimage {r.ImageId}\noutput {r.Output}\nreceipt {r.ReceiptId} ({r.SecurityBits} bits)\n"
                + string.Join("\n", r.Checks.Select(c => $"  ok {c.Check}: {c.Detail}"))));
            return 0;
        });
        return verify;
    }

    // Subscribed before the stored outputs are read, so nothing recorded in between is missed; a record printed from the
    // store and again from the feed (same block, hash and status) is printed once.
    private static async Task FollowAsync(ClusterConnection conn, ulong chainId, string graphId, Func<Task<IReadOnlyList<ZkGraphOutput>>> stored,
        bool json, CancellationToken ct)
    {
        var printed = new HashSet<(string Hash, ZkGraphOutputStatus Status)>();
        var gate = new SemaphoreSlim(1, 1);
        async Task PrintAsync(IEnumerable<ZkGraphOutput> outputs)
        {
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                foreach (var o in outputs.Where(o => printed.Add((o.Hash, o.Status))))
                {
                    var v = ZkGraphOutputView.From(o);
                    Console.Out.WriteLine(json
                        ? System.Text.Json.JsonSerializer.Serialize(v, Output.Json)
                        : $"{v.Block,10} {v.Hash} {v.Status,-8} {v.Output}{(v.Error is null ? "" : "  " + v.Error)}");
                }
                await Console.Out.FlushAsync(CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }
        // Not through CallAsync: a follow runs until interrupted, past any call timeout (the stored read keeps its own).
        try
        {
            await FollowUntilInterruptedAsync(
                token => ZkGraphClient.FollowAsync(conn.Client, chainId, graphId, PrintAsync, async () => await PrintAsync(await stored()), token),
                () => conn.CallAsync("zkgraph outputs --follow", c => c.GetGrain<IZkGraphRegistryGrain>(ZkGraphClient.Chain(chainId)).GetAsync(graphId)), ct);
        }
        catch (Exception e) when (e is not (CliException or OperationCanceledException))
        {
            throw new CliException($"zkgraph outputs --follow failed: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private static Command ControlCommand(string name, ZkGraphAction action, string description)
    {
        var id = new Argument<string>("ID") { Description = "graph id (0x…)" };
        var key = new Option<string>("--key") { Description = "the deployer's secp256k1 private key (0x-hex)", Required = true };
        var json = ClusterConnection.JsonOption();
        var command = new Command(name, description) { id, key, json };
        AddConnection(command);
        command.SetAction(async (parse, ct) =>
        {
            var signer = ParseKey(parse.GetValue(key)!);
            await using var conn = await ConnectAsync(parse, ct);
            var chainId = parse.GetValue(ClusterConnection.ChainIdOption);
            var graph = await Refusals(() => conn.CallAsync($"zkgraph {name}", c => ZkGraphClient.ControlAsync(c, chainId, parse.GetValue(id)!, action, signer)));
            Output.Write(ZkGraphView.From(graph), parse.GetValue(json), v => Console.WriteLine($"{v.Name} {v.Id}: {v.Status}"));
            return 0;
        });
        return command;
    }

    /// <summary>Builds a graph directory; manifest, SDK and compiler errors become one-line CLI errors.</summary>
    public static ZkGraphBuildResult BuildGraph(DirectoryInfo dir, string? opt, string? sdk, string? output)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (!dir.Exists) throw new CliException($"zkGraph directory not found: {dir.FullName}");
        if (opt is not (null or "0" or "1" or "2" or "3" or "s" or "z")) throw new CliException($"--opt '{opt}' must be one of 0, 1, 2, 3, s, z");
        try
        {
            var built = new GuestBuilder(GuestBuilder.LocateSdk(sdk)).Build(dir.FullName, opt, output);
            return new ZkGraphBuildResult(built.Elf, built.ImageId.ToString(), built.Bytes);
        }
        catch (Exception e) when (e is GuestBuildException or ManifestException or Wsc.Zk.Vm.ElfFormatException)
        {
            throw new CliException(e.Message);
        }
    }

    // The ELF is rebuilt when missing or older than the manifest or any C source beside it.
    private static bool NeedsBuild(DirectoryInfo dir, string elf)
    {
        if (!File.Exists(elf))
        {
            return true;
        }
        var built = File.GetLastWriteTimeUtc(elf);
        return dir.GetFiles("*.c").Append(new FileInfo(Path.Combine(dir.FullName, "zkgraph.yaml"))).Any(f => f.LastWriteTimeUtc > built);
    }

    private static DirectoryInfo GraphDirectory(string path)
    {
        if (File.Exists(path) && Path.GetFileName(path) == "zkgraph.yaml")
        {
            return new FileInfo(path).Directory!;
        }
        var dir = new DirectoryInfo(path);
        return dir.Exists ? dir : throw new CliException($"zkGraph directory not found: {dir.FullName}");
    }

    private static Option<DirectoryInfo?> SdkOption() =>
        new("--sdk") { Description = "guest SDK directory (default: $WSC_GUEST_SDK or guest/ above the current directory or the wsc binary)" };

    private static void AddConnection(Command command)
    {
        command.Options.Add(ClusterConnection.GatewayOption);
        command.Options.Add(ClusterConnection.ChainIdOption);
        command.Options.Add(ClusterConnection.TimeoutOption);
    }

    private static IZkGraphRegistryGrain Registry(IClusterClient client, ParseResult parse) =>
        client.GetGrain<IZkGraphRegistryGrain>(ZkGraphClient.Chain(parse.GetValue(ClusterConnection.ChainIdOption)));

    private static Task<ClusterConnection> ConnectAsync(ParseResult parse, CancellationToken ct) =>
        ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct, TimeSpan.FromSeconds(parse.GetValue(ClusterConnection.TimeoutOption)));
}

/// <summary>The JSON printed by `wsc zkgraph receipt`.</summary>
public sealed record ZkGraphReceiptResult(string Receipt, string ReceiptId, ulong Block, string Hash, long Bytes);

/// <summary>The JSON printed by `wsc zkgraph exec`: the run of a graph on one block, as the cluster would record it.</summary>
public sealed record ZkGraphExecResult(ulong Block, string Hash, bool Triggered, int? ExitCode, long Cycles, string Output, string InputDigest, string ImageId, string? Error);

/// <summary>The JSON printed by `wsc zkgraph build`.</summary>
public sealed record ZkGraphBuildResult(string Elf, string ImageId, long Bytes);
