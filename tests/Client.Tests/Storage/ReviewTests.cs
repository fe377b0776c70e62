using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;

namespace Wsc.Client.Tests.Storage;

/// <summary>Security review (rev-storage): `wsc storage get --verify` must trust only the requested owner's key.</summary>
public class ReviewTests
{
    private static readonly PrivateKey Victim = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly PrivateKey Attacker = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private static StoredFile Signed(PrivateKey key, ulong chain, string path, byte[] bytes, ulong nonce)
    {
        var w = StorageWrite.ForFile(chain, key.Address, path, bytes, nonce);
        var entry = new DirectoryEntry(w.Owner.ToString(), w.ChainId, w.Path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(key)));
        return new StoredFile(entry, bytes);
    }

    // Review finding (fixed): a lying cluster answers a read of web3://VICTIM:31337/index.html with an entry the
    // ATTACKER signed (another owner, chain and path). The check must compare the entry with the URL asked for.
    [Fact]
    public async Task Verify_refuses_an_entry_signed_by_another_owner_for_another_path_and_chain()
    {
        var forged = Signed(Attacker, 1, "/evil", [], 0);
        Assert.NotEqual(Victim.Address.ToString(), forged.Entry.Owner);
        var asked = StorageUrl.Parse($"web3://{Victim.Address}:31337/index.html");
        var check = await StorageClient.VerifyAsync(NoCluster.Create(), asked, forged, new byte[32]);
        Assert.False(check.Verified);
        Assert.Contains("the cluster served", check.Problem);
    }

    // Review finding (fixed in part): one answer repeated no longer counts as two replicas. Still true and documented
    // in docs/storage.md: the mask is public, so a gateway holding only the plain bytes can fabricate an answer per
    // shard; `replicas` is not evidence against a malicious cluster.
    [Fact]
    public async Task Verify_counts_a_repeated_answer_once()
    {
        var bytes = new byte[5000];
        new Random(7).NextBytes(bytes);
        var file = Signed(Victim, 31337, "/w.bin", bytes, 0);
        var asked = StorageUrl.Parse($"web3://{Victim.Address}:31337/w.bin");
        var check = await StorageClient.VerifyAsync(FakeGateway.Client(bytes), asked, file, new byte[32], samples: 8);
        Assert.True(check.Verified);
        Assert.Equal(1, check.Replicas); // one (fabricated) answer on shard 0, sent twice, counts once
    }

    // Same with the signature-level checker every verifier builds on: any owner's old/other entry verifies.
    [Fact]
    public void FileCheck_refuses_another_owners_path_or_chain()
    {
        var bytes = "attacker content"u8.ToArray();
        var w = StorageWrite.ForFile(5, Attacker.Address, "/other/path", bytes, 42);
        Assert.Null(FileCheck.Problem(w, w.Sign(Attacker), bytes, 5, Attacker.Address, "/other/path"));
        Assert.Contains("the cluster served", FileCheck.Problem(w, w.Sign(Attacker), bytes, 31337, Victim.Address, "/index.html"));
    }
}

/// <summary>An IClusterClient that returns null/default for every call: proves no grain was consulted.</summary>
public class NoCluster : System.Reflection.DispatchProxy
{
    public static IClusterClient Create() => Create<IClusterClient, NoCluster>();

    protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
        targetMethod!.ReturnType.IsValueType && targetMethod.ReturnType != typeof(void) ? Activator.CreateInstance(targetMethod.ReturnType) : null;
}

/// <summary>A "gateway" that stores nothing: it answers challenges from the plain bytes (the mask is public).</summary>
public class FakeGateway : System.Reflection.DispatchProxy
{
    private byte[] bytes = [];

    public static IClusterClient Client(byte[] bytes)
    {
        var gw = Create<IStorageGatewayGrain, FakeGateway>();
        ((FakeGateway)(object)gw).bytes = bytes;
        var client = Create<IClusterClient, ClientProxy>();
        ((ClientProxy)(object)client).Gateway = gw;
        return client;
    }

    protected override object? Invoke(System.Reflection.MethodInfo? m, object?[]? args)
    {
        var root = (string)args![0]!;
        var seed = Hex.Decode((string)args[1]!);
        var samples = (int)args[2]!;
        const int shard = 0, replica = 0;
        var levels = Wsc.Storage.Merkle.CellMerkle.Levels(bytes);
        var answers = new SampleAnswer?[samples];
        for (var j = 0; j < samples; j++)
        {
            var (_, sel) = Wsc.Storage.Sampling.SampleChallenge.Draw(seed, j, 1);
            var cell = Wsc.Storage.Sampling.SampleChallenge.Cell(sel, bytes.Length);
            var masked = levels[0].AsSpan(cell * 32, 32).ToArray();
            Wsc.Storage.Masking.ReplicaMask.Apply(Hex.Decode(root), shard, replica, masked, cell * 32L);
            answers[j] = new SampleAnswer(root, replica, bytes.Length, cell, masked, Wsc.Storage.Merkle.CellMerkle.Path(levels, cell));
        }
        var proof = new ShardProof(shard, Hex.Encode(seed), [new ShardIndexEntry(root, replica, bytes.Length)], answers);
        return Task.FromResult(new[] { new ReplicaChallenge(shard, replica, proof), new ReplicaChallenge(shard, replica, proof) });
    }
}

public class ClientProxy : System.Reflection.DispatchProxy
{
    public IStorageGatewayGrain? Gateway { get; set; }

    protected override object? Invoke(System.Reflection.MethodInfo? m, object?[]? args) => Gateway;
}
