using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Directories;
using Wsc.Storage.Merkle;
using Wsc.Storage.Placement;
using Wsc.Storage.Stores;

namespace Wsc.Grains.Tests.Storage;

/// <summary>The storage network's behaviour through its grains; run on the memory and the PostgreSQL blob store.</summary>
public abstract class StorageNetworkContract(StorageCluster cluster)
{
    private const ulong Chain = 31337;
    private static readonly PrivateKey Owner = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly PrivateKey Stranger = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private IStorageGatewayGrain Gateway => cluster.Client.GetGrain<IStorageGatewayGrain>(0);

    private IStorageDirectoryGrain Directory => cluster.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), Chain));

    private static string UniquePath(string name) => $"/{Guid.NewGuid():N}/{name}";

    private static byte[] Bytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private async Task<DirectoryWrite> SignedPutAsync(string path, byte[] bytes, PrivateKey? signer = null, ulong? nonce = null)
    {
        var write = StorageWrite.ForFile(Chain, Owner.Address, path, bytes, nonce ?? await Directory.NextNonceAsync());
        return ToMessage(write, (signer ?? Owner));
    }

    private static DirectoryWrite ToMessage(StorageWrite w, PrivateKey signer) =>
        new(w.Owner.ToString(), w.ChainId, w.Op == StorageOp.Remove, w.Path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(signer)));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(BlobLayout.MaxBlobBytes)]
    [InlineData(10 * 1024 * 1024)]
    public async Task Put_then_read_round_trips(int size)
    {
        var path = UniquePath("f.bin");
        var bytes = Bytes(size, size);
        var put = await Gateway.PutAsync(await SignedPutAsync(path, bytes), bytes);
        Assert.Equal(BlobLayout.BlobCount(size), put.Blobs);
        Assert.Equal(size, put.Bytes);
        Assert.Equal($"web3://{Owner.Address}:{Chain}{path}", put.Url);
        var file = await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path);
        Assert.NotNull(file);
        Assert.Equal(bytes, file.Bytes);
        Assert.Equal(put.Roots, file.Entry.Roots);
        // The entry carries the owner's signature over exactly these roots.
        var w = WriteOf(file.Entry);
        Assert.Null(w.SignatureProblem(Hex.Decode(file.Entry.Signature)));
    }

    [Fact]
    public async Task A_file_whose_blobs_repeat_is_stored_published_and_read()
    {
        // 300 000 zero bytes: blobs 0 and 1 share one root, so the directory's replica check sees it twice.
        var path = UniquePath("zeros.bin");
        var bytes = new byte[300_000];
        var put = await Gateway.PutAsync(await SignedPutAsync(path, bytes), bytes);
        Assert.Equal(put.Roots[0], put.Roots[1]);
        Assert.Equal(bytes, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path))!.Bytes);
    }

    [Fact]
    public async Task Wrong_signer_stale_nonce_and_bad_roots_are_refused_and_change_nothing()
    {
        var path = UniquePath("a.txt");
        var v1 = "version one"u8.ToArray();
        await Gateway.PutAsync(await SignedPutAsync(path, v1), v1);
        var before = await Directory.GetAsync(path);
        var nonce = await Directory.NextNonceAsync();
        var v2 = "version two"u8.ToArray();

        var e1 = await Assert.ThrowsAsync<ArgumentException>(() => Gateway.PutAsync(SignedPutAsync(path, v2, Stranger).Result, v2));
        Assert.Contains($"signed by {Stranger.Address}", e1.Message, StringComparison.Ordinal);
        var replay = await SignedPutAsync(path, v2, nonce: nonce - 1);
        var e2 = await Assert.ThrowsAsync<ArgumentException>(() => Gateway.PutAsync(replay, v2));
        Assert.StartsWith("stale nonce", e2.Message, StringComparison.Ordinal);
        var honest = await SignedPutAsync(path, v2);
        var e3 = await Assert.ThrowsAsync<ArgumentException>(() => Gateway.PutAsync(honest, "other bytes"u8.ToArray()));
        Assert.Contains("bytes", e3.Message, StringComparison.Ordinal);
        foreach (var e in new[] { e1, e2, e3 })
        {
            Assert.DoesNotContain('\n', e.Message);
        }

        var after = await Directory.GetAsync(path);
        Assert.Equal(before!.Roots, after!.Roots);
        Assert.Equal(before with { Roots = [] }, after with { Roots = [] });
        Assert.Equal(nonce, await Directory.NextNonceAsync());
        Assert.Equal(v1, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path))!.Bytes);

        // The same signed write then applies once, and replaying it is refused.
        await Gateway.PutAsync(honest, v2);
        Assert.Equal(v2, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path))!.Bytes);
        await Assert.ThrowsAsync<ArgumentException>(() => Gateway.PutAsync(honest, v2));
    }

    [Fact]
    public async Task A_put_cut_off_before_its_directory_update_leaves_the_old_file()
    {
        // The crash window of a multi-blob put: every new blob is on its shards, the directory update never came.
        var path = UniquePath("big.bin");
        var v1 = Bytes(400_000, 11);
        await Gateway.PutAsync(await SignedPutAsync(path, v1), v1);
        var v2 = Bytes(500_000, 12);
        var write = await SignedPutAsync(path, v2);
        for (var i = 0; i < write.Roots.Length; i++)
        {
            var root = Hex.Decode(write.Roots[i]);
            var blob = v2.AsSpan(i * BlobLayout.MaxBlobBytes, BlobLayout.BlobLength(v2.Length, i)).ToArray();
            var shards = Rendezvous.Shards(root, 4, 2);
            for (var r = 0; r < shards.Length; r++)
            {
                await cluster.Client.GetGrain<IStorageShardGrain>(shards[r]).StoreAsync([new ReplicaWrite(write.Roots[i], r, blob)]);
            }
        }
        Assert.Equal(v1, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path))!.Bytes);
        // Retrying the same signed put (at-least-once) then switches readers to the whole new file.
        await Gateway.PutAsync(write, v2);
        Assert.Equal(v2, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path))!.Bytes);
    }

    [Fact]
    public async Task Oversized_blob_is_refused_by_a_shard_and_nothing_is_stored()
    {
        var shard = cluster.Client.GetGrain<IStorageShardGrain>(3);
        var before = (await shard.IndexAsync()).Length;
        var small = new ReplicaWrite(Hex.Encode(Keccak.Hash("small"u8).Span), 0, new byte[10]);
        var big = new ReplicaWrite(Hex.Encode(Keccak.Hash("big"u8).Span), 0, new byte[BlobLayout.MaxBlobBytes + 1]);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => shard.StoreAsync([small, big]));
        Assert.Equal("blob of 131073 bytes: expected 0..131072 bytes (128 KiB)", e.Message);
        Assert.Equal(before, (await shard.IndexAsync()).Length);
    }

    [Fact]
    public async Task Remove_is_signed_like_a_put()
    {
        var path = UniquePath("gone.txt");
        var bytes = "bye"u8.ToArray();
        await Gateway.PutAsync(await SignedPutAsync(path, bytes), bytes);
        var nonce = await Directory.NextNonceAsync();
        var forged = ToMessage(StorageWrite.ForRemove(Chain, Owner.Address, path, nonce), Stranger);
        await Assert.ThrowsAsync<ArgumentException>(() => Gateway.RemoveAsync(forged));
        Assert.NotNull(await Directory.GetAsync(path));
        await Gateway.RemoveAsync(ToMessage(StorageWrite.ForRemove(Chain, Owner.Address, path, nonce), Owner));
        Assert.Null(await Directory.GetAsync(path));
        Assert.Null(await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path));
        Assert.DoesNotContain(path, await Directory.ListAsync());
        Assert.Equal((await Directory.ListAsync()).Length, await Directory.CountAsync());
    }

    [Fact]
    public async Task Byte_ranges_come_with_inclusion_proofs_that_verify()
    {
        var path = UniquePath("model.bin");
        var bytes = Bytes(300_000, 5);
        await Gateway.PutAsync(await SignedPutAsync(path, bytes), bytes);
        var range = await Gateway.ReadRangeAsync(Owner.Address.ToString(), Chain, path, 131_000, 2_000);
        Assert.NotNull(range);
        Assert.Equal(bytes.AsSpan(131_000, 2_000).ToArray(), range.Bytes);
        Assert.Equal(2, range.Segments.Length);
        string? Check(RangeRead r) => Wsc.Grains.Storage.RangeReadCheck.Problem(r, Chain, Owner.Address.ToString(), path);
        Assert.Null(Check(range));
        var lying = range with { Bytes = [.. range.Bytes[..^1], (byte)(range.Bytes[^1] ^ 1)] };
        Assert.Contains("differ from the proven cells", Check(lying), StringComparison.Ordinal);
        var moved = range with { Offset = range.Offset + 1 };
        Assert.NotNull(Check(moved));
        var unsigned = range with { Entry = range.Entry with { Nonce = range.Entry.Nonce + 1 } };
        Assert.NotNull(Check(unsigned));
        // Another signed file served for this one is refused.
        Assert.Contains("the cluster served", Wsc.Grains.Storage.RangeReadCheck.Problem(range, Chain, Owner.Address.ToString(), path + ".other"), StringComparison.Ordinal);
        foreach (var s in range.Segments)
        {
            var root = Hex.Decode(range.Entry.Roots[s.Blob]);
            Assert.True(CellRangeProof.Verify(root, BlobLayout.BlobLength(range.Entry.Length, s.Blob), s.FirstCell, s.Cells, s.Proof));
            var tampered = (byte[])s.Cells.Clone();
            tampered[0] ^= 1;
            Assert.False(CellRangeProof.Verify(root, BlobLayout.BlobLength(range.Entry.Length, s.Blob), s.FirstCell, tampered, s.Proof));
        }
    }

    [Fact]
    public async Task Lost_replica_is_detected_by_sampling_and_repaired()
    {
        var path = UniquePath("precious.bin");
        var bytes = Bytes(200_000, 9);
        var put = await Gateway.PutAsync(await SignedPutAsync(path, bytes), bytes);
        var root = Hex.Decode(put.Roots[0]);
        var shard = Rendezvous.Shards(root, 4, 2)[1];
        await cluster.LoseBytesAsync(BlobKey.Of(shard, root, 1));

        var audit = cluster.Client.GetGrain<IStorageAuditGrain>("eth-31337");
        StorageAuditRecord? found = null;
        for (ulong block = 1; block <= 40 && found is null; block++)
        {
            var record = await audit.AuditAsync(block, Hex.Encode(Keccak.Hash(BitConverter.GetBytes(block)).Span));
            Assert.Equal(4, record.ShardsSampled);
            // The placement check (directory commitments) may notice the lost bytes before sampling does.
            if (record.Failures > 0 || record.Missing > 0)
            {
                found = record;
            }
        }
        Assert.NotNull(found);
        Assert.Equal(1, found.Repaired);
        Assert.Contains(found.Problems, p => p.Contains(put.Roots[0], StringComparison.Ordinal) && p.Contains("repaired", StringComparison.Ordinal));
        // The repaired replica holds the right bytes again, and the next audit of that block is clean.
        var back = await cluster.Client.GetGrain<IStorageShardGrain>(shard).ReadAsync(put.Roots[0], 1);
        Assert.Equal(bytes.AsSpan(0, BlobLayout.MaxBlobBytes).ToArray(), back);
        var again = await audit.AuditAsync(found.BlockNumber, found.BlockHash);
        Assert.Equal(0, again.Failures);
    }

    [Fact]
    public async Task Fresh_challenge_on_each_replica_verifies()
    {
        var path = UniquePath("c.bin");
        var bytes = Bytes(5000, 2);
        var put = await Gateway.PutAsync(await SignedPutAsync(path, bytes), bytes);
        var seed = Hex.Encode(Keccak.Hash("client seed"u8).Span);
        var answers = await Gateway.ChallengeAsync(put.Roots[0], seed, 8);
        Assert.Equal(2, answers.Length);
        Assert.Equal(2, answers.Select(a => a.Shard).Distinct().Count());
        foreach (var a in answers)
        {
            var entries = a.Proof.Index.Select(e => (Hex.Decode(e.Root), e.Replica, e.Length)).ToList();
            var samples = a.Proof.Samples.Select(Wsc.Grains.Storage.ShardProofCheck.ToSample).ToList();
            Assert.Empty(Wsc.Storage.Sampling.SampleVerifier.CheckSeeded(Hex.Decode(seed), a.Shard, entries, samples));
        }
    }

    // Stores every replica of the write's blobs except those <paramref name="skip"/> names, as a gateway would.
    private async Task StoreBlobsAsync(DirectoryWrite write, byte[] bytes, Func<int, int, bool>? skip = null)
    {
        for (var i = 0; i < write.Roots.Length; i++)
        {
            var blob = bytes.AsSpan(i * BlobLayout.MaxBlobBytes, BlobLayout.BlobLength(bytes.Length, i)).ToArray();
            var shards = Rendezvous.Shards(Hex.Decode(write.Roots[i]), 4, 2);
            for (var r = 0; r < shards.Length; r++)
            {
                if (skip?.Invoke(i, r) != true)
                {
                    await cluster.Client.GetGrain<IStorageShardGrain>(shards[r]).StoreAsync([new ReplicaWrite(write.Roots[i], r, blob)]);
                }
            }
        }
    }

    private static IEnumerable<BlobKey> ReplicaKeys(string root)
    {
        var bytes = Hex.Decode(root);
        return Rendezvous.Shards(bytes, 4, 2).Select((s, r) => BlobKey.Of(s, bytes, r));
    }

    // Review finding (fixed): ApplyAsync published entries whose blobs were never stored.
    [Fact]
    public async Task Apply_refuses_an_entry_whose_blobs_are_not_all_stored_and_changes_nothing()
    {
        var path = UniquePath("ghost.bin");
        var bytes = Bytes(300_000, 21);
        var write = await SignedPutAsync(path, bytes);
        await StoreBlobsAsync(write, bytes, skip: (blob, replica) => blob == 1 && replica == 1);
        var nonce = await Directory.NextNonceAsync();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Directory.ApplyAsync(write));
        var shard = Rendezvous.Shards(Hex.Decode(write.Roots[1]), 4, 2)[1];
        Assert.Equal($"put of {path}: blob 1 ({write.Roots[1]}, {BlobLayout.MaxBlobBytes} bytes) replica 1 is not stored on shard {shard}: store every blob on its replicas before publishing the entry", e.Message);
        Assert.Null(await Directory.GetAsync(path));
        Assert.Equal(nonce, await Directory.NextNonceAsync());

        // Once the last replica is there, the same signed write is published.
        await StoreBlobsAsync(write, bytes, skip: (blob, replica) => !(blob == 1 && replica == 1));
        Assert.NotNull(await Directory.ApplyAsync(write));
        Assert.Equal(bytes, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path))!.Bytes);
    }

    // Review finding (fixed): audits trusted each shard's index, so a replica lost with its index row went unseen.
    [Fact]
    public async Task Audit_finds_a_replica_lost_with_its_index_row_from_the_directory_commitments_and_repairs_it()
    {
        var path = UniquePath("wiped.bin");
        var bytes = Bytes(200_000, 22);
        var put = await Gateway.PutAsync(await SignedPutAsync(path, bytes), bytes);
        var key = ReplicaKeys(put.Roots[1]).First();
        // Index row and bytes, behind the cluster's back: the shard no longer knows it should hold the replica.
        Assert.True(await cluster.Store.RemoveAsync(key));
        Assert.DoesNotContain(await cluster.Client.GetGrain<IStorageShardGrain>(key.Shard).IndexAsync(), e => e.Root == put.Roots[1] && e.Replica == 0);

        var audit = cluster.Client.GetGrain<IStorageAuditGrain>("eth-31337");
        StorageAuditRecord? found = null;
        for (ulong block = 5000; block < 5060 && found is null; block++)
        {
            var record = await audit.AuditAsync(block, Hex.Encode(Keccak.Hash(BitConverter.GetBytes(block)).Span));
            Assert.InRange(record.PlacementChecks, 1, 64);
            if (record.Problems.Any(p => p.Contains(put.Roots[1], StringComparison.Ordinal)))
            {
                found = record;
            }
        }
        Assert.NotNull(found);
        Assert.True(found.Missing >= 1);
        Assert.Contains($"shard {key.Shard} replica 0 of {put.Roots[1]}: missing though a directory entry commits to it, repaired", found.Problems);
        Assert.Equal(bytes.AsSpan(BlobLayout.MaxBlobBytes).ToArray(), await cluster.Client.GetGrain<IStorageShardGrain>(key.Shard).ReadAsync(put.Roots[1], 0));
        Assert.Contains(await cluster.Client.GetGrain<IStorageShardGrain>(key.Shard).IndexAsync(), e => e.Root == put.Roots[1] && e.Replica == 0);
    }

    [Fact]
    public async Task Gc_removes_old_unreferenced_replicas_and_keeps_live_ones_and_young_orphans()
    {
        var live = Bytes(1000, 31);
        var livePath = UniquePath("live.bin");
        var livePut = await Gateway.PutAsync(await SignedPutAsync(livePath, live), live);
        var overPath = UniquePath("over.bin");
        var v1 = Bytes(1000, 32);
        var v1Put = await Gateway.PutAsync(await SignedPutAsync(overPath, v1), v1);
        var v2 = Bytes(1000, 33);
        var v2Put = await Gateway.PutAsync(await SignedPutAsync(overPath, v2), v2);
        // Orphans: blobs of puts that never reached their directory update.
        var oldOrphan = Bytes(1000, 34);
        var oldWrite = await SignedPutAsync(UniquePath("old-orphan.bin"), oldOrphan);
        await StoreBlobsAsync(oldWrite, oldOrphan);
        var youngOrphan = Bytes(1000, 35);
        var youngWrite = await SignedPutAsync(UniquePath("young-orphan.bin"), youngOrphan);
        await StoreBlobsAsync(youngWrite, youngOrphan);
        foreach (var root in new[] { livePut.Roots[0], v1Put.Roots[0], v2Put.Roots[0], oldWrite.Roots[0] })
        {
            foreach (var key in ReplicaKeys(root))
            {
                await cluster.BackdateAsync(key, TimeSpan.FromHours(2));
            }
        }

        var gc = cluster.Client.GetGrain<IStorageGcGrain>(0);
        var record = await gc.CollectAsync(TimeSpan.FromHours(1));
        Assert.True(record.Removed >= 4, $"removed {record.Removed}");
        Assert.True(record.Directories >= 1 && record.LiveRoots >= 2, record.ToString());
        foreach (var (root, kept) in new[] { (livePut.Roots[0], true), (v2Put.Roots[0], true), (youngWrite.Roots[0], true), (v1Put.Roots[0], false), (oldWrite.Roots[0], false) })
        {
            foreach (var key in ReplicaKeys(root))
            {
                var shard = cluster.Client.GetGrain<IStorageShardGrain>(key.Shard);
                Assert.Equal(kept, await shard.ReadAsync(root, key.Replica) is not null);
                Assert.Equal(kept, (await shard.IndexAsync()).Any(e => e.Root == root && e.Replica == key.Replica));
            }
        }
        Assert.Equal(live, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, livePath))!.Bytes);
        Assert.Equal(v2, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, overPath))!.Bytes);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => gc.CollectAsync(TimeSpan.FromSeconds(5)));
        Assert.StartsWith("grace period 00:00:05: expected at least 00:01:00", e.Message, StringComparison.Ordinal);
    }

    // The race garbage collection must not lose: a put whose blobs already sit on the shards as old orphans (a retried
    // put, or the same bytes stored again) publishes them; the directory's confirmation re-ages them, so a pass
    // (whose cutoff was taken before) keeps them.
    [Fact]
    public async Task Publishing_an_entry_confirms_its_blobs_so_gc_keeps_them_even_if_they_were_old_orphans()
    {
        var path = UniquePath("retried.bin");
        var bytes = Bytes(1000, 36);
        var write = await SignedPutAsync(path, bytes);
        await StoreBlobsAsync(write, bytes);
        foreach (var key in ReplicaKeys(write.Roots[0]))
        {
            await cluster.BackdateAsync(key, TimeSpan.FromHours(2));
        }
        async Task<bool> AnyOldAsync()
        {
            var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
            foreach (var key in ReplicaKeys(write.Roots[0]))
            {
                if ((await cluster.Store.StoredBeforeAsync(key.Shard, cutoff)).Contains(key))
                {
                    return true;
                }
            }
            return false;
        }
        Assert.True(await AnyOldAsync());
        Assert.NotNull(await Directory.ApplyAsync(write));
        // Young again: a pass that read the live set before this entry existed still cannot delete them.
        Assert.False(await AnyOldAsync());
        await cluster.Client.GetGrain<IStorageGcGrain>(0).CollectAsync(TimeSpan.FromHours(1));
        Assert.Equal(bytes, (await Gateway.ReadAsync(Owner.Address.ToString(), Chain, path))!.Bytes);
    }

    private static StorageWrite WriteOf(DirectoryEntry e) =>
        new(e.ChainId, Address.Parse(e.Owner), StorageOp.Put, e.Path, e.Length, e.Roots.Select(Hex.Decode).ToList(), e.Nonce);
}

public sealed class MemoryStorageNetworkTests(MemoryStorageCluster cluster) : StorageNetworkContract(cluster), IClassFixture<MemoryStorageCluster>;

public sealed class PostgresStorageNetworkTests(PostgresStorageCluster cluster) : StorageNetworkContract(cluster), IClassFixture<PostgresStorageCluster>;
