using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Directories;

namespace Wsc.Grains.Tests.Storage;

/// <summary>
/// Issue 13: puts stream in parts through an upload session (begin: the signed write checked before any byte; parts:
/// each blob must hash to its signed root; commit: the directory's one atomic update), and reads stream blob by blob.
/// </summary>
public sealed class StreamedPutTests(MemoryStorageCluster cluster) : IClassFixture<MemoryStorageCluster>
{
    private const ulong Chain = 31337;
    private static readonly PrivateKey Owner = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly PrivateKey Stranger = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private IStorageGatewayGrain Gateway => cluster.Client.GetGrain<IStorageGatewayGrain>(0);

    private IStorageDirectoryGrain Directory => cluster.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), Chain));

    private static IStorageUploadGrain NewUpload(IClusterClient client) => client.GetGrain<IStorageUploadGrain>(Guid.NewGuid());

    private static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static DirectoryWrite Signed(StorageWrite w, PrivateKey key) =>
        new(w.Owner.ToString(), w.ChainId, false, w.Path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(key)));

    private static byte[][] Part(byte[] file, int first, int count) =>
        Enumerable.Range(first, count).Select(i => FileBlobs.Blob(file, i).ToArray()).ToArray();

    private async Task<int> ReplicasStoredAsync()
    {
        var total = 0;
        for (var s = 0; s < 4; s++)
        {
            total += (await cluster.Client.GetGrain<IStorageShardGrain>(s).IndexAsync()).Length;
        }
        return total;
    }

    [Fact]
    public async Task A_streamed_put_is_published_only_once_every_blob_is_stored_and_reads_back_blob_by_blob()
    {
        var path = $"/{Guid.NewGuid():N}/big.bin";
        var file = Bytes((5 * BlobLayout.MaxBlobBytes) + 123, 1);
        var write = Signed(StorageWrite.ForFile(Chain, Owner.Address, path, file, await Directory.NextNonceAsync()), Owner);
        var upload = NewUpload(cluster.Client);
        await upload.BeginAsync(write);
        await upload.BeginAsync(write); // a retried begin is the same session
        // Parts in any order; an early commit is refused and publishes nothing.
        await upload.StoreAsync(3, Part(file, 3, 3));
        var early = await Assert.ThrowsAsync<ArgumentException>(() => upload.CommitAsync());
        Assert.Equal($"put of {path}: blob 0 of 6 (and 2 more) not uploaded yet: store every blob before committing", early.Message);
        Assert.Null(await Directory.GetAsync(path));
        await upload.StoreAsync(0, Part(file, 0, 3));
        var put = await upload.CommitAsync();
        Assert.Equal(StorageKeys.Url(Owner.Address.ToString(), Chain, path), put.Url);
        Assert.Equal(6, put.Blobs);

        var entry = (await Directory.GetAsync(path))!;
        Assert.Equal(file.Length, entry.Length);
        var blobs = await Gateway.ReadBlobsAsync(entry.Roots, Enumerable.Range(0, 6).Select(i => BlobLayout.BlobLength(entry.Length, i)).ToArray());
        Assert.Equal(file, blobs.SelectMany(b => b).ToArray());
    }

    [Fact]
    public async Task Begin_refuses_a_bad_write_before_any_blob_is_stored()
    {
        var path = $"/{Guid.NewGuid():N}/refused.bin";
        var file = Bytes(3 * BlobLayout.MaxBlobBytes, 2);
        var nonce = await Directory.NextNonceAsync();
        var before = await ReplicasStoredAsync();

        async Task<string> Refusal(DirectoryWrite w) =>
            (await Assert.ThrowsAsync<ArgumentException>(() => NewUpload(cluster.Client).BeginAsync(w))).Message;

        Assert.Contains("expected the directory owner", await Refusal(Signed(StorageWrite.ForFile(Chain, Owner.Address, path, file, nonce), Stranger)), StringComparison.Ordinal);
        Assert.Contains("is ahead", await Refusal(Signed(StorageWrite.ForFile(Chain, Owner.Address, path, file, nonce + 1), Owner)), StringComparison.Ordinal);
        // A chain the cluster does not follow: its gateway could never serve the file.
        Assert.Equal($"put of {path} for chain 1: this cluster follows chain 31337 (web3://{Owner.Address}:31337{path})",
            await Refusal(Signed(StorageWrite.ForFile(1, Owner.Address, path, file, 0), Owner)));
        // Larger than Storage:MaxFileBytes (1 GiB by default): refused on the claimed length, before a byte is sent.
        var huge = new StorageWrite(Chain, Owner.Address, StorageOp.Put, path, 3L << 30, [], nonce);
        Assert.Equal($"put of {path}: {3L << 30} bytes exceed the largest file this cluster stores (Storage:MaxFileBytes = {1L << 30})", await Refusal(Signed(huge, Owner)));

        // The directory, callable by any cluster client, enforces the limit itself.
        var direct = await Assert.ThrowsAsync<ArgumentException>(() => Directory.ApplyAsync(Signed(huge, Owner)));
        Assert.Contains("exceed the largest file this cluster stores", direct.Message, StringComparison.Ordinal);

        Assert.Equal(before, await ReplicasStoredAsync());
        Assert.Null(await Directory.GetAsync(path));
        Assert.Equal(nonce, await Directory.NextNonceAsync());
    }

    [Fact]
    public async Task A_part_that_is_not_the_signed_blob_at_its_position_is_refused_and_stores_nothing()
    {
        var path = $"/{Guid.NewGuid():N}/tamper.bin";
        var file = Bytes((2 * BlobLayout.MaxBlobBytes) + 10, 3);
        var write = Signed(StorageWrite.ForFile(Chain, Owner.Address, path, file, await Directory.NextNonceAsync()), Owner);
        var upload = NewUpload(cluster.Client);
        await upload.BeginAsync(write);
        var before = await ReplicasStoredAsync();

        var tampered = Part(file, 0, 2);
        tampered[1][77] ^= 1;
        var e = await Assert.ThrowsAsync<ArgumentException>(() => upload.StoreAsync(0, tampered));
        Assert.StartsWith($"put of {path}: blob 1 hashes to 0x", e.Message, StringComparison.Ordinal);
        // Right bytes, wrong position.
        e = await Assert.ThrowsAsync<ArgumentException>(() => upload.StoreAsync(1, Part(file, 0, 1)));
        Assert.StartsWith($"put of {path}: blob 1 hashes to", e.Message, StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<ArgumentException>(() => upload.StoreAsync(2, Part(file, 1, 1)));
        Assert.Equal($"put of {path}: blob 2 has 131072 bytes: expected 10", e.Message);
        e = await Assert.ThrowsAsync<ArgumentException>(() => upload.StoreAsync(2, Part(file, 2, 1).Concat(Part(file, 2, 1)).ToArray()));
        Assert.Equal($"put of {path}: blobs 2..3: the signed write has blobs 0..2", e.Message);
        Assert.Equal(before, await ReplicasStoredAsync());

        // Another write under the same upload id, and a session nobody began.
        var other = Signed(StorageWrite.ForFile(Chain, Owner.Address, path + ".2", file, write.Nonce), Owner);
        Assert.Contains("already carries the put of", (await Assert.ThrowsAsync<ArgumentException>(() => upload.BeginAsync(other))).Message, StringComparison.Ordinal);
        Assert.Contains("is unknown or expired", (await Assert.ThrowsAsync<UploadLostException>(() => NewUpload(cluster.Client).StoreAsync(0, Part(file, 0, 1)))).Message, StringComparison.Ordinal);
        Assert.Null(await Directory.GetAsync(path));
    }

    [Fact]
    public async Task Settings_name_the_followed_chain_and_the_limits()
    {
        var s = await Gateway.SettingsAsync();
        Assert.Equal(new StorageSettings(31337, 1L << 30, 16), s);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Gateway.ReadBlobsAsync(new string[17], new int[17]));
        Assert.Contains("at most 16", e.Message, StringComparison.Ordinal);
    }
}
