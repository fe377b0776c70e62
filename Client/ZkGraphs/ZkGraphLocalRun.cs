using Wsc.Chain.Rpc;
using Wsc.Client.Cli;
using Wsc.Client.Storage;
using Wsc.Storage.Web3;
using Wsc.Zk.Graph;

namespace Wsc.Client.ZkGraphs;

/// <summary>
/// `wsc zkgraph exec|input`: a graph's tick input for one block assembled from the user's own node by the cluster's code
/// (<see cref="TickInputAssembler"/>: header hash recomputed, receipts against receiptsRoot, slots against the parent's
/// stateRoot), with its blobs from local files or read and verified from the storage network.
/// </summary>
public static class ZkGraphLocalRun
{
    /// <summary>
    /// The input of <paramref name="manifest"/>'s graph for block <paramref name="number"/> from the node at
    /// <paramref name="rpc"/>, and whether its trigger runs on that block. Blobs: <paramref name="blobFiles"/> in manifest
    /// order when given, else each URL read through <paramref name="gateway"/> and checked (owner signature, roots, replicas).
    /// </summary>
    public static async Task<(TickInput Input, bool Triggered)> InputAsync(ZkGraphManifest manifest, Uri rpc, ulong number,
        IReadOnlyList<FileInfo> blobFiles, string gateway, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(blobFiles);
        var blobs = await BlobsAsync(manifest, blobFiles, gateway, timeout, ct);
        using var client = new EthRpcClient(rpc);
        try
        {
            var chainId = await client.ChainIdAsync(ct);
            return await TickInputAssembler.For(chainId, manifest).FromNodeAsync(client, number, blobs, ct);
        }
        catch (Exception e) when (e is RpcException or RpcTransportException or RpcDataException or InvalidDataException
            or Wsc.Chain.Trie.InvalidProofException or HttpRequestException)
        {
            throw new CliException($"block {number} from {rpc}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static async Task<IReadOnlyList<byte[]>> BlobsAsync(ZkGraphManifest manifest, IReadOnlyList<FileInfo> files, string gateway, TimeSpan timeout, CancellationToken ct)
    {
        if (files.Count > 0)
        {
            if (files.Count != manifest.BlobUrls.Count)
            {
                throw new CliException($"--blob given {files.Count} times: the manifest reads {manifest.BlobUrls.Count} blobs ({string.Join(", ", manifest.BlobUrls)})");
            }
            var missing = files.FirstOrDefault(f => !f.Exists);
            return missing is null
                ? [.. await Task.WhenAll(files.Select(f => File.ReadAllBytesAsync(f.FullName, ct)))]
                : throw new CliException($"--blob file not found: {missing.FullName}");
        }
        if (manifest.BlobUrls.Count == 0)
        {
            return [];
        }
        // No local copies: read them as the cluster does, from the storage network, and check them as any reader would.
        await using var conn = await ClusterConnection.ConnectAsync(gateway, ct, timeout);
        return await BlobsAsync(conn, manifest);
    }

    /// <summary>The manifest's blobs read from the storage network through <paramref name="conn"/>, each checked as any reader would.</summary>
    public static async Task<IReadOnlyList<byte[]>> BlobsAsync(ClusterConnection conn, ZkGraphManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var blobs = new List<byte[]>();
        foreach (var text in manifest.BlobUrls)
        {
            blobs.Add(await ReadVerifiedAsync(conn, text, $"blob {text}", " (or pass it with --blob FILE)"));
        }
        return blobs;
    }

    /// <summary>
    /// The file at <paramref name="url"/> read from the storage network and checked (owner signature, roots, replicas
    /// sampled): the client trusts its owner's signature, not the cluster. One-line errors name <paramref name="what"/>.
    /// </summary>
    public static async Task<byte[]> ReadVerifiedAsync(ClusterConnection conn, string url, string what, string hint = "")
    {
        ArgumentNullException.ThrowIfNull(conn);
        StorageUrl parsed;
        try
        {
            parsed = StorageUrl.Parse(url);
        }
        catch (Web3UrlException e)
        {
            throw new CliException($"{what}: {e.Message}");
        }
        var file = await conn.CallAsync($"storage get of {parsed}", c => StorageClient.ReadAsync(c, parsed))
            ?? throw new CliException($"{what}: not found on the storage network{hint}");
        var check = await conn.CallAsync($"storage get of {parsed}", c => StorageClient.VerifyAsync(c, parsed, file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return check.Verified ? file.Bytes : throw new CliException($"{what}: not verified: {check.Problem}");
    }
}
