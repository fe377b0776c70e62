using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Wsc.Chain;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Merkle;
using Wsc.Storage.Placement;
using Wsc.Storage.Tags;

namespace Wsc.Grains.Storage;

/// <summary>
/// The storage front door. Puts store every blob on its replicas before the single directory update that makes the
/// new roots visible, so a crash at any point leaves readers the old file or the new one; unreferenced blobs left by
/// a crash are garbage, never a mix. Reads take every blob from a shard that checked it against its root (by tag or
/// Merkle root) and fall back to the next replica.
/// </summary>
[StatelessWorker]
public sealed class StorageGatewayGrain(
    IOptions<StorageOptions> options,
    IOptions<EthereumOptions> ethereum,
    BlobTagger tagger,
    ILogger<StorageGatewayGrain> logger) : Grain, IStorageGatewayGrain
{
    public async Task<StoragePutResult> PutAsync(DirectoryWrite write, byte[] bytes)
    {
        try
        {
            return await StoreAndApplyAsync(write, bytes);
        }
        catch (Exception e)
        {
            // One call, one line: a failing put is logged once.
            StorageLog.PutFailed(logger, StorageKeys.Url(write.Owner, write.ChainId, write.Path), bytes.LongLength, e.Message.ReplaceLineEndings(" "));
            throw;
        }
    }

    private async Task<StoragePutResult> StoreAndApplyAsync(DirectoryWrite write, byte[] bytes)
    {
        var o = options.Value;
        if (WriteCheck.PutLimitProblem(write, ethereum.Value.ChainId, o.MaxFileBytes) is string limit)
        {
            throw new ArgumentException(limit);
        }
        if (bytes.LongLength != write.Length)
        {
            throw new ArgumentException($"put of {write.Path}: {bytes.LongLength} bytes sent but the signed write says {write.Length}");
        }
        var roots = await Task.Run(() => FileBlobs.Roots(bytes));
        var rootHex = roots.Select(r => Hex0x.Encode(r)).ToArray();
        if (!rootHex.SequenceEqual(write.Roots, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"put of {write.Path}: the signed roots do not match the bytes (expected {rootHex.Length} roots starting {rootHex.FirstOrDefault() ?? "(none)"})");
        }
        var directory = Directory(write.Owner, write.ChainId);
        // Refuse before storing anything; the directory checks again when it applies the write.
        if (WriteCheck.Problem(write, ParseOwner(write.Owner), write.ChainId, await directory.NextNonceAsync()) is string problem)
        {
            throw new ArgumentException(problem);
        }
        var blobs = Enumerable.Range(0, roots.Length).Select(i => FileBlobs.Blob(bytes, i).ToArray()).ToArray();
        await ReplicaUpload.StoreAsync(GrainFactory, o, tagger, roots, blobs);
        await directory.ApplyAsync(write);
        return new StoragePutResult(StorageKeys.Url(write.Owner, write.ChainId, write.Path), bytes.LongLength, roots.Length, rootHex);
    }

    public Task<StorageSettings> SettingsAsync() =>
        Task.FromResult(new StorageSettings(ethereum.Value.ChainId, options.Value.MaxFileBytes, StorageOptions.MaxBlobsPerCall));

    public Task<byte[][]> ReadBlobsAsync(string[] roots, int[] lengths)
    {
        if (roots is null || lengths is null || roots.Length != lengths.Length || roots.Length > StorageOptions.MaxBlobsPerCall)
        {
            throw new ArgumentException($"read of {roots?.Length ?? 0} roots with {lengths?.Length ?? 0} lengths: expected as many of each, at most {StorageOptions.MaxBlobsPerCall}");
        }
        foreach (var length in lengths)
        {
            BlobLayout.CheckBlobLength(length);
        }
        return Task.WhenAll(roots.Select((root, i) => ReadBlobAsync(root, lengths[i])));
    }

    public async Task RemoveAsync(DirectoryWrite write)
    {
        if (!write.Remove)
        {
            throw new ArgumentException($"remove of {write.Path} carries a put write: expected a remove");
        }
        await Directory(write.Owner, write.ChainId).ApplyAsync(write);
    }

    public async Task<StoredFile?> ReadAsync(string owner, ulong chainId, string path)
    {
        var entry = await Directory(owner, chainId).GetAsync(path);
        if (entry is null)
        {
            return null;
        }
        // The entry's length is a claim: refuse before allocating for it (whole-file reads are one message).
        var max = options.Value.MaxReadBytes;
        if (entry.Length > max)
        {
            throw new ArgumentException($"{StorageKeys.Url(owner, chainId, path)}: {entry.Length} bytes exceed the largest whole-file read (Storage:MaxReadBytes = {max}); read it blob by blob (ReadBlobsAsync) or in ranges");
        }
        if (entry.Length < 0 || entry.Roots.Length != BlobLayout.BlobCount(entry.Length))
        {
            throw new InvalidOperationException($"{StorageKeys.Url(owner, chainId, path)}: the directory entry claims {entry.Length} bytes in {entry.Roots.Length} blobs, expected {BlobLayout.BlobCount(Math.Max(0, entry.Length))}");
        }
        var bytes = new byte[entry.Length];
        await Task.WhenAll(entry.Roots.Select(async (root, i) =>
        {
            var blob = await ReadBlobAsync(root, BlobLayout.BlobLength(entry.Length, i));
            blob.CopyTo(bytes, (long)i * BlobLayout.MaxBlobBytes);
        }));
        StorageMetrics.BytesRead.Add(bytes.LongLength);
        return new StoredFile(entry, bytes);
    }

    public async Task<RangeRead?> ReadRangeAsync(string owner, ulong chainId, string path, long offset, int count)
    {
        var entry = await Directory(owner, chainId).GetAsync(path);
        if (entry is null)
        {
            return null;
        }
        if (offset < 0 || count < 0 || offset + count > entry.Length)
        {
            throw new ArgumentException($"range {offset}+{count} of {path}: expected within the file's {entry.Length} bytes");
        }
        if (count > options.Value.MaxReadBytes)
        {
            throw new ArgumentException($"range of {count} bytes of {path}: expected at most Storage:MaxReadBytes = {options.Value.MaxReadBytes}");
        }
        var bytes = new byte[count];
        var segments = new List<RangeSegment>();
        var end = offset + count;
        for (var i = (int)(offset / BlobLayout.MaxBlobBytes); count > 0 && i < entry.Roots.Length && (long)i * BlobLayout.MaxBlobBytes < end; i++)
        {
            var blobStart = (long)i * BlobLayout.MaxBlobBytes;
            var length = BlobLayout.BlobLength(entry.Length, i);
            var blob = await ReadBlobAsync(entry.Roots[i], length);
            var from = (int)Math.Max(0, offset - blobStart);
            var to = (int)Math.Min(length, end - blobStart);
            blob.AsSpan(from, to - from).CopyTo(bytes.AsSpan((int)(blobStart + from - offset)));
            var (first, last) = (from / 32, (to - 1) / 32);
            var levels = await Task.Run(() => CellMerkle.Levels(blob));
            var cells = levels[0].AsSpan(first * 32, (last - first + 1) * 32).ToArray();
            segments.Add(new RangeSegment(i, first, cells, CellRangeProof.Create(levels, first, last)));
        }
        return new RangeRead(entry, offset, bytes, segments.ToArray());
    }

    public async Task<ReplicaChallenge[]> ChallengeAsync(string root, string seed, int samples)
    {
        var o = options.Value;
        if (samples is < 1 or > 256)
        {
            throw new ArgumentException($"{samples} samples: expected 1..256");
        }
        var shards = Rendezvous.Shards(Hex0x.Decode(root, 32, "blob root"), o.Shards, o.Replicas);
        var proofs = await Task.WhenAll(shards.Select((s, r) =>
            GrainFactory.GetGrain<IStorageShardGrain>(s).ProveBlobAsync(root, r, seed, samples)));
        return shards.Select((s, r) => new ReplicaChallenge(s, r, proofs[r])).ToArray();
    }

    private async Task<byte[]> ReadBlobAsync(string root, int length)
    {
        var o = options.Value;
        var rootBytes = Hex0x.Decode(root, 32, "blob root");
        var shards = Rendezvous.Shards(rootBytes, o.Shards, o.Replicas);
        string? failure = null;
        Exception? unreachable = null;
        var answered = false;
        for (var r = 0; r < shards.Length; r++)
        {
            // The shard hands out only bytes checked against this root (tag or Merkle root); the root binds the length,
            // and the length check guards against a root listed at the wrong position. A shard that fails (a broken
            // row, an unreachable database) is skipped: the next replica may be whole.
            byte[]? blob;
            try
            {
                blob = await GrainFactory.GetGrain<IStorageShardGrain>(shards[r]).ReadAsync(root, r);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = $"; shard {shards[r]} failed: {e.Message.ReplaceLineEndings(" ")}";
                if (ReplicaFailure.IsUnreachable(e))
                {
                    unreachable ??= e;
                }
                else
                {
                    answered = true;
                }
                continue;
            }
            if (blob is not null && blob.Length == length)
            {
                return blob;
            }
            answered = true;
        }
        // Every replica's silo was out of reach (one just crashed, say): the caller may try again once membership moves
        // the shards, so the failure keeps its failover type instead of reading as missing bytes.
        if (!answered && unreachable is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unreachable);
        }
        throw new InvalidOperationException($"blob {root}: no replica of {shards.Length} holds bytes matching the root{failure}");
    }

    private IStorageDirectoryGrain Directory(string owner, ulong chainId) =>
        GrainFactory.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(ParseOwner(owner).ToString(), chainId));

    private static Address ParseOwner(string owner) =>
        Address.TryParse(owner, out var a) ? a : throw new ArgumentException($"owner '{owner}': expected a 0x-prefixed 20-byte address");
}
