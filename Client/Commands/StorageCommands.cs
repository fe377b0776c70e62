using System.CommandLine;
using System.Security.Cryptography;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using static Wsc.Client.Cli.CommandSupport;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Client.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Web3;

namespace Wsc.Client.Commands;

/// <summary>
/// `wsc storage put web3://OWNER[:CHAIN]/PATH FILE --key HEX`, `wsc storage get URL [-o FILE] [--range A-B] [--verify [--min-nonce N]]`
/// and the admin pass `wsc storage gc [--grace TIME]`; every call to the cluster gives up after `--timeout` seconds.
/// Puts and gets stream: memory holds a few blobs, never the file.
/// </summary>
public sealed class StorageCommands : ICommandGroup
{
    public Command Build()
    {
        var storage = new Command("storage", "Files on the storage network, addressed by web3:// URLs");
        storage.Options.Add(ClusterConnection.GatewayOption);
        storage.Options.Add(ClusterConnection.TimeoutOption);

        var putUrl = new Argument<string>("url") { Description = "web3://0xOWNER[:CHAINID]/PATH (no chain id: the cluster's chain)" };
        var putFile = new Argument<FileInfo>("file") { Description = "file to store" };
        var key = new Option<string>("--key") { Description = "owner's secp256k1 private key (0x-hex)", Required = true };
        var putJson = ClusterConnection.JsonOption();
        var put = new Command("put", "Store a file under an owner-signed directory entry (streamed in parts; progress on a terminal)") { putUrl, putFile, key, putJson };
        put.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(putUrl)!;
            var (owner, chain, _) = Cli(() => StorageUrl.Split(text));
            var signer = ParseKey(parse.GetValue(key)!);
            var file = parse.GetValue(putFile)!;
            if (!file.Exists)
            {
                throw new CliException($"file '{file.FullName}' does not exist");
            }
            // The owner is known without the cluster: a wrong key is refused before connecting.
            if (signer.Address != owner)
            {
                throw new CliException($"--key belongs to {signer.Address}, but {text} is owned by {owner}");
            }
            await using var conn = await ConnectAsync(parse, ct);
            var calls = new ConnectionCalls(conn);
            var settings = await Refusals(() => StorageClient.SettingsAsync(calls));
            // No chain id in the URL: the cluster's chain (never ERC-6860's default chain 1, which it would not serve).
            var url = Cli(() => StorageUrl.Parse(text, chain ?? settings.ChainId));
            await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var length = stream.Length;
            StoragePutResult result;
            using (var hashing = TransferProgress.OnStderr($"put {url}: hashing", length))
            using (var sending = TransferProgress.OnStderr($"put {url}: uploading", length))
            {
                result = await Refusals(() => StorageClient.PutAsync(calls, url, stream, length, signer, settings, hashing.Add, sending.Add, ct));
            }
            Output.Write(new { url = result.Url, bytes = result.Bytes, blobs = result.Blobs, roots = result.Roots }, parse.GetValue(putJson),
                r => Console.WriteLine($"{r.url}  {r.bytes} bytes in {r.blobs} blobs"));
            return 0;
        });
        storage.Subcommands.Add(put);

        var getUrl = new Argument<string>("url") { Description = "web3://0xOWNER[:CHAINID]/PATH (no chain id: the cluster's chain)" };
        var output = new Option<FileInfo?>("-o", "--output") { Description = "write the content to this file instead of stdout (it appears only once complete)" };
        var range = new Option<string?>("--range") { Description = "only bytes A-B (inclusive), A- (from A) or -N (the last N), as HTTP ranges" };
        var verify = new Option<bool>("--verify") { Description = "check the owner's signature, the roots and a fresh sample proof of every replica" };
        var minNonce = new Option<ulong?>("--min-nonce")
        {
            Description = "with --verify: refuse an entry signed with a directory nonce below N (an older version served in place of one you know of)",
        };
        var getJson = ClusterConnection.JsonOption();
        var get = new Command("get", "Read a file, streamed and checked blob by blob against the owner-signed roots (content on stdout, or {verified, replicas, nonce} with --verify)")
        {
            getUrl, output, range, verify, minNonce, getJson,
        };
        get.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(getUrl)!;
            var chain = Cli(() => StorageUrl.Split(text)).ChainId;
            var wanted = parse.GetValue(range) is string r ? Cli(() => ByteRange.Parse(r)) : null;
            var checkReplicas = parse.GetValue(verify);
            if (parse.GetValue(minNonce) is not null && !checkReplicas)
            {
                throw new CliException("--min-nonce needs --verify (the nonce is only trusted once the owner's signature is checked)");
            }
            await using var conn = await ConnectAsync(parse, ct);
            var calls = new ConnectionCalls(conn);
            var defaultChain = chain ?? (await Refusals(() => StorageClient.SettingsAsync(calls))).ChainId;
            var url = Cli(() => StorageUrl.Parse(text, defaultChain));
            var entry = await Refusals(() => StorageClient.EntryAsync(calls, url)) ?? throw new CliException($"{url}: no such file");
            var json = parse.GetValue(getJson);
            int NotVerified(string problem)
            {
                Output.Write(new { verified = false, replicas = 0, nonce = entry.Nonce, problem }, json, x => Console.WriteLine($"NOT verified: {x.problem}"));
                return 1;
            }
            if (StorageClient.EntryProblem(entry, url) is string problem)
            {
                return checkReplicas ? NotVerified(problem) : throw new CliException($"{url}: {problem}");
            }
            if (checkReplicas && entry.Nonce < (parse.GetValue(minNonce) ?? 0))
            {
                // Refused before any byte is read or written.
                return NotVerified($"the cluster served the version signed with nonce {entry.Nonce}, older than --min-nonce {parse.GetValue(minNonce)} (rolled back)");
            }
            var (offset, count) = wanted is null ? (0L, entry.Length) : Cli(() => wanted.Resolve(entry.Length));
            var target = parse.GetValue(output);
            // A file appears under its name only once every byte verified; until then it is NAME.partial.
            var partial = target is null ? null : target.FullName + ".partial";
            await using (var sink = partial is not null ? new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)
                : checkReplicas ? Stream.Null : Console.OpenStandardOutput())
            {
                try
                {
                    using var progress = target is null ? new TransferProgress("", 0, null) : TransferProgress.OnStderr($"get {url}:", count);
                    await Refusals(async () => { await StorageClient.ReadToAsync(calls, url, entry, offset, count, sink, progress.Add, ct); return 0; });
                }
                catch (BlobVerificationException e)
                {
                    Discard(sink, partial);
                    return checkReplicas ? NotVerified(e.Message) : throw new CliException($"{url}: {e.Message}; nothing of it or after it was written");
                }
                catch
                {
                    Discard(sink, partial);
                    throw;
                }
            }
            if (checkReplicas)
            {
                var firstBlob = count == 0 ? 0 : (int)(offset / BlobLayout.MaxBlobBytes);
                var blobs = count == 0 ? 0 : (int)((offset + count - 1) / BlobLayout.MaxBlobBytes) - firstBlob + 1;
                var check = await Refusals(() => conn.CallAsync($"storage get --verify of {url}",
                    c => StorageClient.VerifyEntryAsync(c, url, entry, RandomNumberGenerator.GetBytes(32), minNonce: parse.GetValue(minNonce) ?? 0, firstBlob: firstBlob, blobCount: blobs)));
                if (!check.Verified)
                {
                    if (partial is not null)
                    {
                        File.Delete(partial);
                    }
                    return NotVerified(check.Problem!);
                }
                if (partial is not null)
                {
                    File.Move(partial, target!.FullName, overwrite: true);
                }
                Output.Write(new { verified = true, replicas = check.Replicas, nonce = entry.Nonce, problem = (string?)null }, json,
                    x => Console.WriteLine($"verified: {x.replicas} replicas answered fresh samples"));
                return 0;
            }
            if (partial is not null)
            {
                File.Move(partial, target!.FullName, overwrite: true);
            }
            return 0;
        });
        storage.Subcommands.Add(get);

        var grace = new Option<TimeSpan?>("--grace")
        {
            Description = "keep unreferenced replicas younger than this (hh:mm:ss, at least 00:01:00; default: the silo's Storage:GcGracePeriod, 1 h)",
        };
        var gcJson = ClusterConnection.JsonOption();
        var gc = new Command("gc", "Admin: remove replicas no directory references, older than the grace period") { grace, gcJson };
        gc.SetAction(async (parse, ct) =>
        {
            await using var conn = await ConnectAsync(parse, ct);
            var record = await Refusals(() => conn.CallAsync("storage gc", c => c.GetGrain<IStorageGcGrain>(0).CollectAsync(parse.GetValue(grace))));
            Output.Write(new { cutoff = record.Cutoff, directories = record.Directories, liveRoots = record.LiveRoots, oldReplicas = record.OldReplicas, removed = record.Removed },
                parse.GetValue(gcJson),
                r => Console.WriteLine($"removed {r.removed} of {r.oldReplicas} replicas older than {r.cutoff:O} ({r.liveRoots} live roots in {r.directories} directories)"));
            return 0;
        });
        storage.Subcommands.Add(gc);
        return storage;
    }

    private static Task<ClusterConnection> ConnectAsync(ParseResult parse, CancellationToken ct) =>
        ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct, TimeSpan.FromSeconds(parse.GetValue(ClusterConnection.TimeoutOption)));

    // URL and range errors are the user's input: their one line, as a CLI error.
    private static T Cli<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is Web3UrlException or ArgumentException)
        {
            throw new CliException(e.Message);
        }
    }

    private static void Discard(Stream sink, string? partial)
    {
        if (partial is not null)
        {
            sink.Dispose();
            File.Delete(partial);
        }
    }

    /// <summary>Each storage call bounded by `--timeout`, failures as one line naming the call (<see cref="ClusterConnection.CallAsync"/>).</summary>
    private sealed class ConnectionCalls(ClusterConnection connection) : IClusterCalls
    {
        public Task<T> CallAsync<T>(string what, Func<IClusterClient, Task<T>> call) => connection.CallAsync(what, call);
    }
}
