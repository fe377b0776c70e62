using Microsoft.Extensions.Logging;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Masking;
using Wsc.Storage.Merkle;
using Wsc.Storage.Sampling;
using Wsc.Storage.Stores;
using Wsc.Storage.Tags;

namespace Wsc.Grains.Storage;

/// <summary>
/// One shard: masks replicas with their (root, shard, replica) keystream and keeps them in the blob store; answers
/// samples with masked cells and Merkle paths. Reads hand out only bytes that match their root: checked by the blob's
/// tag (a GMAC under the silos' secret, ~15 µs per 128 KiB) or, without a good tag, by rebuilding the Merkle root.
/// Its index lives in the store's table, not in grain state, so the grain can move between silos freely and big shards
/// do not rewrite a state blob per put.
/// </summary>
public sealed class StorageShardGrain(IBlobStore store, BlobTagger tagger, ILogger<StorageShardGrain> logger) : Grain, IStorageShardGrain
{
    private static readonly TimeSpan RetagTimeout = TimeSpan.FromSeconds(10);
    private bool _retagWarned;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public async Task StoreAsync(ReplicaWrite[] replicas)
    {
        var shard = Shard;
        foreach (var r in replicas)
        {
            // Refuse the whole batch before writing anything.
            Wsc.Storage.Blobs.BlobLayout.CheckBlobLength(r.Bytes.Length);
        }
        var batch = await Task.Run(() => replicas.Select(r =>
        {
            var root = Hex0x.Decode(r.Root, 32, "blob root");
            // Content addressing is enforced here, not trusted: bytes stored under a root must hash to it, so no
            // cluster client can overwrite a signed file's blobs with other bytes. A tag that verifies proves a silo
            // (the only holder of the secret) already checked exactly these bytes against this root.
            var tag = r.Tag;
            if (tag is null || !tagger.Verify(root, r.Bytes, tag))
            {
                var actual = CellMerkle.Root(r.Bytes);
                if (!actual.AsSpan().SequenceEqual(root))
                {
                    throw new ArgumentException($"blob bytes hash to {Hex0x.Encode(actual)}, not to the root {r.Root} they were stored under");
                }
                tag = tagger.Tag(root, r.Bytes);
            }
            var masked = new byte[r.Bytes.Length];
            ReplicaMask.Apply(root, shard, r.Replica, r.Bytes, masked);
            return new StoredReplica(BlobKey.Of(shard, root, r.Replica), masked.Length, masked, tag);
        }).ToList());
        await store.PutAsync(batch);
        StorageMetrics.BytesStored.Add(batch.Sum(b => (long)b.Length));
    }

    public async Task<byte[]?> ReadAsync(string root, int replica)
    {
        var rootBytes = Hex0x.Decode(root, 32, "blob root");
        var shard = Shard;
        var buffer = BlobBuffers.Rent(BlobLayout.MaxBlobBytes);
        try
        {
            var tag = new byte[BlobTagger.TagBytes];
            var read = await store.ReadAsync(BlobKey.Of(shard, rootBytes, replica), buffer.AsMemory(0, BlobLayout.MaxBlobBytes), tag);
            if (!read.Found || read.Length > BlobLayout.MaxBlobBytes)
            {
                return null;
            }
            var plain = new byte[read.Length];
            ReplicaMask.Apply(rootBytes, shard, replica, buffer.AsSpan(0, read.Length), plain);
            // Whoever can write the database can change bytes, tags and index rows, but cannot make a tag verify
            // without the silos' secret; bytes without a good tag must rebuild the Merkle root.
            if (read.Tagged && tagger.Verify(rootBytes, plain, tag))
            {
                return plain;
            }
            if (!await Task.Run(() => CellMerkle.Root(plain).AsSpan().SequenceEqual(rootBytes)))
            {
                return null;
            }
            // The bytes are right but their tag is missing or was made under another secret (Storage:TagSecret
            // rotated, or a development silo's random one): tag them, so the next read skips the root again. Not
            // awaited: the read does not wait on the write (a row lock held elsewhere would stall the shard's reads).
            _ = RetagAsync(BlobKey.Of(shard, rootBytes, replica), tagger.Tag(rootBytes, plain));
            return plain;
        }
        finally
        {
            BlobBuffers.Return(buffer);
        }
    }

    private async Task RetagAsync(BlobKey key, byte[] tag)
    {
        using var timeout = new CancellationTokenSource(RetagTimeout);
        try
        {
            if (await store.RetagAsync(key, tag, timeout.Token))
            {
                StorageMetrics.Retagged.Add(1);
            }
        }
        catch (Exception e)
        {
            // The read had its checked bytes either way; the tag is only a shortcut for later reads. Warned once per
            // activation: after a rotation every first read re-tags, and a store refusing them would flood the log.
            var level = _retagWarned ? LogLevel.Debug : LogLevel.Warning;
            _retagWarned = true;
            logger.Log(level, "Could not re-tag replica {Key} (later reads rebuild its Merkle root until it is): {Error}", key, e.Message);
        }
    }

    public async Task<ShardProof> ProveAsync(string blockHash, int samples)
    {
        var hash = Hex0x.Decode(blockHash, 32, "block hash");
        var index = await store.IndexAsync(Shard);
        var seed = SampleChallenge.Seed(hash, Shard);
        return await AnswerAsync(seed, index, samples);
    }

    public async Task<ShardProof> ProveBlobAsync(string root, int replica, string seed, int samples)
    {
        var rootBytes = Hex0x.Decode(root, 32, "blob root");
        var seedBytes = Hex0x.Decode(seed, 32, "seed");
        var entry = (await store.IndexAsync(Shard)).FirstOrDefault(e => e.Replica == replica && e.Root.AsSpan().SequenceEqual(rootBytes));
        IReadOnlyList<IndexEntry> index = entry is null ? [] : [entry];
        return await AnswerAsync(seedBytes, index, samples);
    }

    public async Task<ShardIndexEntry[]> ConfirmAsync(ShardIndexEntry[] expected)
    {
        var keys = expected.Select(e => BlobKey.Of(Shard, Hex0x.Decode(e.Root, 32, "blob root"), e.Replica)).ToList();
        var lengths = await store.ConfirmAsync(keys);
        return expected.Where((e, i) => lengths[i] != e.Length).ToArray();
    }

    public async Task<ReplicaRef[]> StoredBeforeAsync(DateTime cutoff) =>
        (await store.StoredBeforeAsync(Shard, ToUtc(cutoff))).Select(k => new ReplicaRef(k.RootHex, k.Replica)).ToArray();

    public async Task<int> CollectAsync(ReplicaRef[] replicas, DateTime cutoff)
    {
        var keys = replicas.Select(r => BlobKey.Of(Shard, Hex0x.Decode(r.Root, 32, "blob root"), r.Replica)).ToList();
        return await store.RemoveStoredBeforeAsync(keys, ToUtc(cutoff));
    }

    private static DateTimeOffset ToUtc(DateTime t) =>
        t.Kind == DateTimeKind.Utc ? new DateTimeOffset(t) : throw new ArgumentException($"cutoff {t:O}: expected a UTC time");

    public async Task<ShardIndexEntry[]> IndexAsync() =>
        (await store.IndexAsync(Shard)).Select(ToMessage).ToArray();

    private async Task<ShardProof> AnswerAsync(byte[] seed, IReadOnlyList<IndexEntry> index, int samples)
    {
        var answers = new SampleAnswer?[index.Count == 0 ? 0 : samples];
        // Draws that hit the same blob share one read and one tree.
        var draws = Enumerable.Range(0, answers.Length).Select(j => (J: j, Draw: SampleChallenge.Draw(seed, j, index.Count)))
            .GroupBy(d => d.Draw.Entry);
        foreach (var group in draws)
        {
            var e = index[group.Key];
            var key = BlobKey.Of(Shard, e.Root, e.Replica);
            var masked = await store.GetAsync(key);
            if (masked is null || masked.Length != e.Length)
            {
                continue;
            }
            var shard = Shard;
            var levels = await Task.Run(() =>
            {
                var plain = (byte[])masked.Clone();
                ReplicaMask.Apply(e.Root, shard, e.Replica, plain);
                return CellMerkle.Levels(plain);
            });
            foreach (var (j, (_, selector)) in group)
            {
                var cell = SampleChallenge.Cell(selector, e.Length);
                var maskedCell = new byte[32];
                masked.AsSpan(cell * 32, Math.Min(32, Math.Max(0, masked.Length - (cell * 32)))).CopyTo(maskedCell);
                // The zero padding of a short last cell is masked too, so the answer is uniformly a 32-byte masked cell.
                if (masked.Length - (cell * 32) < 32)
                {
                    var pad = new byte[32];
                    ReplicaMask.Apply(e.Root, shard, e.Replica, pad, (long)cell * 32);
                    for (var i = Math.Max(0, masked.Length - (cell * 32)); i < 32; i++)
                    {
                        maskedCell[i] = pad[i];
                    }
                }
                answers[j] = new SampleAnswer(Hex0x.Encode(e.Root), e.Replica, e.Length, cell, maskedCell, CellMerkle.Path(levels, cell));
            }
        }
        return new ShardProof(Shard, Hex0x.Encode(seed), index.Select(ToMessage).ToArray(), answers);
    }

    private static ShardIndexEntry ToMessage(IndexEntry e) => new(Hex0x.Encode(e.Root), e.Replica, e.Length);
}
