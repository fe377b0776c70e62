using Microsoft.Extensions.DependencyInjection;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Directories;
using Wsc.Storage.Masking;
using Wsc.Storage.Placement;
using Wsc.Storage.Stores;
using Wsc.Storage.Tags;

namespace Wsc.Grains.Tests.Storage;

/// <summary>
/// Blob tags let reads skip rebuilding Merkle roots; these tests play someone with write access to the database (bytes,
/// tags) and a cluster client without the silos' secret, and check that no tampering gets bytes past a read.
/// </summary>
public sealed class BlobTagTests(MemoryStorageCluster cluster) : IClassFixture<MemoryStorageCluster>
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    private MemoryBlobStore Store => (MemoryBlobStore)cluster.Store;

    private IStorageGatewayGrain Gateway => cluster.Client.GetGrain<IStorageGatewayGrain>(0);

    private async Task<(string Path, byte[] Bytes, byte[] Root, int[] Shards)> PutAsync(int seed)
    {
        var path = $"/{Guid.NewGuid():N}/tagged.bin";
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        var dir = cluster.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), 31337));
        var w = StorageWrite.ForFile(31337, Owner.Address, path, bytes, await dir.NextNonceAsync());
        await Gateway.PutAsync(new(w.Owner.ToString(), 31337, false, path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(Owner))), bytes);
        return (path, bytes, w.Roots[0], Rendezvous.Shards(w.Roots[0], 4, 2));
    }

    /// <summary>Stores <paramref name="plain"/> (masked as the shard would) and a tag in replica r's row.</summary>
    private void Overwrite(byte[] root, int shard, int replica, byte[] plain, byte[]? tag)
    {
        var masked = new byte[plain.Length];
        ReplicaMask.Apply(root, shard, replica, plain, masked);
        Store.Overwrite(BlobKey.Of(shard, root, replica), masked, tag);
    }

    private Task<byte[]?> ReadReplicaAsync(byte[] root, int shard, int replica) =>
        cluster.Client.GetGrain<IStorageShardGrain>(shard).ReadAsync(Hex.Encode(root), replica);

    [Fact]
    public async Task Changed_bytes_under_the_old_tag_are_refused_and_the_other_replica_serves()
    {
        var (path, bytes, root, shards) = await PutAsync(1);
        var tag = new byte[BlobTagger.TagBytes];
        var read = await Store.ReadAsync(BlobKey.Of(shards[0], root, 0), new byte[4096], tag);
        Assert.True(read.Tagged);
        var bad = (byte[])bytes.Clone();
        bad[100] ^= 1;
        Overwrite(root, shards[0], 0, bad, tag);
        Assert.Null(await ReadReplicaAsync(root, shards[0], 0));
        Assert.Equal(bytes, (await Gateway.ReadAsync(Owner.Address.ToString(), 31337, path))!.Bytes);

        // Both replicas tampered: the read fails rather than serving either.
        Overwrite(root, shards[1], 1, bad, tag);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Gateway.ReadAsync(Owner.Address.ToString(), 31337, path));
    }

    [Fact]
    public async Task Tags_made_without_the_secret_or_stripped_tags_fall_back_to_the_merkle_root()
    {
        var (_, bytes, root, shards) = await PutAsync(2);
        var bad = new byte[4096];
        // A tag over the bad bytes under another secret: as good as none, and the Merkle root refuses the bytes.
        Overwrite(root, shards[0], 0, bad, BlobTagger.WithRandomSecret().Tag(root, bad));
        Assert.Null(await ReadReplicaAsync(root, shards[0], 0));
        Overwrite(root, shards[0], 0, bad, null);
        Assert.Null(await ReadReplicaAsync(root, shards[0], 0));
        // Right bytes with the tag stripped or garbled still read: the root check stands in for the tag.
        Overwrite(root, shards[1], 1, bytes, null);
        Assert.Equal(bytes, await ReadReplicaAsync(root, shards[1], 1));
        Overwrite(root, shards[1], 1, bytes, new byte[BlobTagger.TagBytes]);
        Assert.Equal(bytes, await ReadReplicaAsync(root, shards[1], 1));
    }

    [Fact]
    public async Task A_client_cannot_store_other_bytes_with_a_tag_it_made_or_copied()
    {
        var (path, bytes, root, shards) = await PutAsync(3);
        var bad = new byte[4096];
        var silosTagger = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<BlobTagger>();
        var genuineTag = silosTagger.Tag(root, bytes);
        foreach (var tag in new[] { BlobTagger.WithRandomSecret().Tag(root, bad), genuineTag })
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(() =>
                cluster.Client.GetGrain<IStorageShardGrain>(shards[0]).StoreAsync([new ReplicaWrite(Hex.Encode(root), 0, bad, tag)]));
            Assert.Contains("not to the root", e.Message, StringComparison.Ordinal);
        }
        Assert.Equal(bytes, (await Gateway.ReadAsync(Owner.Address.ToString(), 31337, path))!.Bytes);
        // The right bytes with a genuine tag are taken without rebuilding the root, and read back.
        await cluster.Client.GetGrain<IStorageShardGrain>(shards[0]).StoreAsync([new ReplicaWrite(Hex.Encode(root), 0, bytes, genuineTag)]);
        Assert.Equal(bytes, await ReadReplicaAsync(root, shards[0], 0));
    }

    [Fact]
    public async Task A_replica_whose_tag_no_longer_verifies_is_tagged_again_by_its_first_good_read_and_bad_bytes_never_are()
    {
        var (_, bytes, root, shards) = await PutAsync(4);
        var silosTagger = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<BlobTagger>();
        var key = BlobKey.Of(shards[0], root, 0);
        var tag = new byte[BlobTagger.TagBytes];

        // A tag made under another secret (as after Storage:TagSecret changed), then no tag at all: each time the read
        // rebuilds the root, serves the bytes and stores the tag of the silos' current secret (the read does not wait for
        // that write, but the memory store completes it before the read returns).
        foreach (var stale in new[] { BlobTagger.WithRandomSecret().Tag(root, bytes), null })
        {
            Overwrite(root, shards[0], 0, bytes, stale);
            Assert.Equal(bytes, await ReadReplicaAsync(root, shards[0], 0));
            Assert.True((await Store.ReadAsync(key, new byte[4096], tag)).Tagged);
            Assert.Equal(silosTagger.Tag(root, bytes), tag);
            Assert.Equal(bytes, await ReadReplicaAsync(root, shards[0], 0));
        }

        // Bytes that do not match the root are refused and keep whatever tag they had.
        var bad = (byte[])bytes.Clone();
        bad[7] ^= 0x80;
        var foreign = BlobTagger.WithRandomSecret().Tag(root, bad);
        Overwrite(root, shards[1], 1, bad, foreign);
        Assert.Null(await ReadReplicaAsync(root, shards[1], 1));
        Assert.True((await Store.ReadAsync(BlobKey.Of(shards[1], root, 1), new byte[4096], tag)).Tagged);
        Assert.Equal(foreign, tag);
    }
}

