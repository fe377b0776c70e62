using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Directories;
using Wsc.Storage.Placement;

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

    // DEFECT (DoS): ApplyAsync is callable directly by any Orleans client, so an owner can publish a signed entry whose
    // blobs were never stored, with any length up to the roots it lists (here 1 GiB, 8192 made-up roots). Every
    // anonymous GET /web3/OWNER:31337/big then makes StorageGatewayGrain.ReadAsync allocate new byte[1 GiB]
    // (StorageGatewayGrain.cs:84) before any blob read fails. Not read here, to spare the machine.
    [Fact]
    public async Task An_owner_publishes_a_1GiB_entry_without_storing_a_byte()
    {
        var dir = cluster.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), 31337));
        const long length = 1L << 30;
        var roots = Enumerable.Range(0, Wsc.Storage.Blobs.BlobLayout.BlobCount(length)).Select(i => new byte[32]).ToList();
        var w = new StorageWrite(31337, Owner.Address, StorageOp.Put, "/big", length, roots, await dir.NextNonceAsync());
        var entry = await dir.ApplyAsync(new(w.Owner.ToString(), 31337, false, w.Path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(Owner))));
        Assert.Equal(length, entry!.Length);
    }
}
