using System.CommandLine;
using System.Security.Cryptography;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Client.Storage;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;

namespace Wsc.Client.Commands;

/// <summary>
/// `wsc storage put web3://OWNER:CHAIN/PATH FILE --key HEX`, `wsc storage get URL [-o FILE] [--verify [--min-nonce N]]`
/// and the admin pass `wsc storage gc [--grace TIME]`; every call gives up after `--timeout` seconds.
/// </summary>
public sealed class StorageCommands : ICommandGroup
{
    public Command Build()
    {
        var storage = new Command("storage", "Files on the storage network, addressed by web3:// URLs");
        storage.Options.Add(ClusterConnection.GatewayOption);
        storage.Options.Add(ClusterConnection.TimeoutOption);

        var putUrl = new Argument<string>("url") { Description = "web3://0xOWNER:CHAINID/PATH" };
        var putFile = new Argument<FileInfo>("file") { Description = "file to store" };
        var key = new Option<string>("--key") { Description = "owner's secp256k1 private key (0x-hex)", Required = true };
        var putJson = ClusterConnection.JsonOption();
        var put = new Command("put", "Store a file under an owner-signed directory entry") { putUrl, putFile, key, putJson };
        put.SetAction(async (parse, ct) =>
        {
            var url = ParseUrl(parse.GetValue(putUrl)!);
            var signer = ParseKey(parse.GetValue(key)!);
            var file = parse.GetValue(putFile)!;
            if (!file.Exists)
            {
                throw new CliException($"file '{file.FullName}' does not exist");
            }
            var bytes = await File.ReadAllBytesAsync(file.FullName, ct);
            await using var conn = await ConnectAsync(parse, ct);
            var result = await Refusals(() => conn.CallAsync($"storage put of {url}", c => StorageClient.PutAsync(c, url, bytes, signer)));
            Output.Write(new { url = result.Url, bytes = result.Bytes, blobs = result.Blobs, roots = result.Roots }, parse.GetValue(putJson),
                r => Console.WriteLine($"{r.url}  {r.bytes} bytes in {r.blobs} blobs"));
            return 0;
        });
        storage.Subcommands.Add(put);

        var getUrl = new Argument<string>("url") { Description = "web3://0xOWNER:CHAINID/PATH" };
        var output = new Option<FileInfo?>("-o", "--output") { Description = "write the content to this file instead of stdout" };
        var verify = new Option<bool>("--verify") { Description = "check the owner's signature, the roots and a fresh sample proof of every replica" };
        var minNonce = new Option<ulong?>("--min-nonce")
        {
            Description = "with --verify: refuse an entry signed with a directory nonce below N (an older version served in place of one you know of)",
        };
        var getJson = ClusterConnection.JsonOption();
        var get = new Command("get", "Read a file (content on stdout, or {verified, replicas, nonce} with --verify)") { getUrl, output, verify, minNonce, getJson };
        get.SetAction(async (parse, ct) =>
        {
            var url = ParseUrl(parse.GetValue(getUrl)!);
            if (parse.GetValue(minNonce) is not null && !parse.GetValue(verify))
            {
                throw new CliException("--min-nonce needs --verify (the nonce is only trusted once the owner's signature is checked)");
            }
            await using var conn = await ConnectAsync(parse, ct);
            var file = await Refusals(() => conn.CallAsync($"storage get of {url}", c => StorageClient.ReadAsync(c, url)))
                ?? throw new CliException($"{url}: no such file");
            if (parse.GetValue(verify))
            {
                var check = await Refusals(() => conn.CallAsync($"storage get --verify of {url}",
                    c => StorageClient.VerifyAsync(c, url, file, RandomNumberGenerator.GetBytes(32), minNonce: parse.GetValue(minNonce) ?? 0)));
                if (check.Verified && parse.GetValue(output) is FileInfo verifiedOut)
                {
                    // Only bytes that verified are written.
                    await File.WriteAllBytesAsync(verifiedOut.FullName, file.Bytes, ct);
                }
                Output.Write(new { verified = check.Verified, replicas = check.Replicas, nonce = file.Entry.Nonce, problem = check.Problem }, parse.GetValue(getJson),
                    r => Console.WriteLine(r.verified ? $"verified: {r.replicas} replicas answered fresh samples" : $"NOT verified: {r.problem}"));
                return check.Verified ? 0 : 1;
            }
            if (parse.GetValue(output) is FileInfo o)
            {
                await File.WriteAllBytesAsync(o.FullName, file.Bytes, ct);
            }
            if (parse.GetValue(output) is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(file.Bytes, ct);
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

    private static StorageUrl ParseUrl(string text)
    {
        try
        {
            return StorageUrl.Parse(text);
        }
        catch (Web3UrlException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static PrivateKey ParseKey(string hex)
    {
        try
        {
            return PrivateKey.FromHex(hex.StartsWith("0x", StringComparison.Ordinal) ? hex : "0x" + hex);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CliException($"--key: expected 32 bytes of hex (0x + 64 digits): {e.Message}");
        }
    }

    // The cluster refuses bad writes with ArgumentException; the user sees its one line.
    private static async Task<T> Refusals<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
    }
}
