using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Directories;
using Wsc.Storage.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Wsc.Grains.Storage;

namespace Wsc.Grains.Tests.Storage;

/// <summary>Security review (rev-storage): writes the shard accepts without checking them.</summary>
public sealed class ReviewTests(MemoryStorageCluster cluster) : IClassFixture<MemoryStorageCluster>
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    // Review finding (fixed): StoreAsync stored any bytes under any root, so any Orleans client could overwrite every
    // replica of someone else's blob with garbage. Shards now refuse bytes that do not hash to their root.
    [Fact]
    public async Task No_client_can_overwrite_a_replica_with_bytes_that_do_not_hash_to_its_root()
    {
        var path = $"/{Guid.NewGuid():N}/victim.bin";
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        var dir = cluster.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), 31337));
        var w = StorageWrite.ForFile(31337, Owner.Address, path, bytes, await dir.NextNonceAsync());
        var gw = cluster.Client.GetGrain<IStorageGatewayGrain>(0);
        await gw.PutAsync(new(w.Owner.ToString(), 31337, false, path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(Owner))), bytes);
        Assert.Equal(bytes, (await gw.ReadAsync(Owner.Address.ToString(), 31337, path))!.Bytes);

        var root = w.RootHex()[0];
        var shards = Rendezvous.Shards(w.Roots[0], 4, 2);
        for (var r = 0; r < shards.Length; r++)
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(() =>
                cluster.Client.GetGrain<IStorageShardGrain>(shards[r]).StoreAsync([new ReplicaWrite(root, r, new byte[4096])]));
            Assert.Contains("not to the root", e.Message, StringComparison.Ordinal);
        }
        Assert.Equal(bytes, (await gw.ReadAsync(Owner.Address.ToString(), 31337, path))!.Bytes);
    }

    // Review finding (fixed): ApplyAsync is callable directly by any Orleans client, and published a signed entry whose
    // blobs were never stored, with any length up to the roots it lists (here 1 GiB, 8192 made-up roots). Directories
    // now refuse an entry unless every replica of every blob is on its shard.
    [Fact]
    public async Task An_owner_cannot_publish_a_1GiB_entry_without_storing_its_blobs()
    {
        var dir = cluster.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), 31337));
        const long length = 1L << 30;
        var roots = Enumerable.Range(0, Wsc.Storage.Blobs.BlobLayout.BlobCount(length)).Select(i =>
        {
            var root = new byte[32];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(root.AsSpan(28), i);
            return root;
        }).ToList();
        var nonce = await dir.NextNonceAsync();
        var w = new StorageWrite(31337, Owner.Address, StorageOp.Put, "/big", length, roots, nonce);
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            dir.ApplyAsync(new(w.Owner.ToString(), 31337, false, w.Path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(Owner)))));
        Assert.StartsWith($"put of /big: blob 0 (0x{new string('0', 64)}, 131072 bytes) replica 0 is not stored on shard", e.Message, StringComparison.Ordinal);
        Assert.Contains("(and 16383 more replicas)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Null(await dir.GetAsync("/big"));
        Assert.Equal(nonce, await dir.NextNonceAsync());
    }

    // Review finding (fixed): a read allocated the entry's claimed length before reading any blob. An entry claiming
    // ~2 GiB (as one published before directories checked blobs could) is now refused before any allocation.
    [Fact]
    public async Task A_read_of_an_entry_claiming_a_huge_length_is_refused_before_allocating_it()
    {
        var owner = PrivateKey.FromHex("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
        var key = StorageKeys.Directory(owner.Address.ToString(), 31337);
        const long length = int.MaxValue - 64;
        var roots = Enumerable.Range(0, Wsc.Storage.Blobs.BlobLayout.BlobCount(length)).Select(_ => "0x" + new string('1', 64)).ToArray();
        var legacy = new DirectoryState { NextNonce = 1 };
        legacy.Entries["/huge"] = new DirectoryEntry(owner.Address.ToString(), 31337, "/huge", length, roots, 0, "0x");
        // Written straight into grain storage before the directory first activates: state from before the fix.
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("wsc");
        var grainId = cluster.Client.GetGrain<IStorageDirectoryGrain>(key).GetGrainId();
        await storage.WriteStateAsync("storage-directory", grainId, new GrainState<DirectoryState>(legacy));
        Assert.Equal(length, (await cluster.Client.GetGrain<IStorageDirectoryGrain>(key).GetAsync("/huge"))!.Length);

        var before = GC.GetTotalAllocatedBytes(precise: false);
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            cluster.Client.GetGrain<IStorageGatewayGrain>(0).ReadAsync(owner.Address.ToString(), 31337, "/huge"));
        Assert.Equal($"web3://{owner.Address}:31337/huge: {length} bytes exceed the largest whole-file read (Storage:MaxReadBytes = 67108864); read it blob by blob (ReadBlobsAsync) or in ranges", e.Message);
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 1024L * 1024 * 1024, "the read allocated for the claimed length");
        // Ranges are still served within the cap (here the blobs do not exist, so the read fails on the missing blob).
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cluster.Client.GetGrain<IStorageGatewayGrain>(0).ReadRangeAsync(owner.Address.ToString(), 31337, "/huge", 0, 64));
        var tooBig = await Assert.ThrowsAsync<ArgumentException>(() =>
            cluster.Client.GetGrain<IStorageGatewayGrain>(0).ReadRangeAsync(owner.Address.ToString(), 31337, "/huge", 0, 100_000_000));
        Assert.Equal("range of 100000000 bytes of /huge: expected at most Storage:MaxReadBytes = 67108864", tooBig.Message);
    }
}
