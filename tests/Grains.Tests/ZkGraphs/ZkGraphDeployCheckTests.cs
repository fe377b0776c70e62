using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.ZkGraphs;
using Wsc.Storage.Directories;

namespace Wsc.Grains.Tests.ZkGraphs;

public sealed class ZkGraphDeployCheckTests
{
    private static readonly PrivateKey Deployer = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly PrivateKey Other = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private static ZkGraphDeployment Signed(PrivateKey key, ulong nonce = 0, ulong chain = 31337)
    {
        var d = new ZkGraphDeployment(chain, Deployer.Address.ToString(), "erc20-volume", "0x" + new string('a', 64), "0x" + new string('b', 64), nonce, "");
        return d with { Signature = Hex.Encode(PersonalMessage.Sign(key, d.Message())) };
    }

    [Fact]
    public void A_deploy_signed_by_its_deployer_with_the_next_nonce_passes()
    {
        Assert.Null(ZkGraphDeployCheck.Problem(Signed(Deployer, nonce: 3), 31337, 3));
    }

    [Fact]
    public void Unsigned_wrongly_signed_replayed_and_cross_chain_deploys_are_refused_in_one_line()
    {
        var problems = new[]
        {
            ZkGraphDeployCheck.Problem(Signed(Deployer) with { Signature = "" }, 31337, 0),
            ZkGraphDeployCheck.Problem(Signed(Other), 31337, 0),
            ZkGraphDeployCheck.Problem(Signed(Deployer) with { ImageId = "0x" + new string('c', 64) }, 31337, 0),
            ZkGraphDeployCheck.Problem(Signed(Deployer, nonce: 0), 31337, 1),
            ZkGraphDeployCheck.Problem(Signed(Deployer, chain: 1), 31337, 0),
            ZkGraphDeployCheck.Problem(Signed(Deployer) with { ManifestDigest = "0x12" }, 31337, 0),
        };
        Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p)));
        Assert.All(problems, p => Assert.DoesNotContain('\n', p!));
        Assert.Contains("65 bytes", problems[0]);
        Assert.Contains($"signed by {Other.Address}", problems[1]);
        Assert.Contains("signed by", problems[2]);
        Assert.Contains("stale nonce", problems[3]);
        Assert.Contains("chain 1", problems[4]);
        Assert.Contains("manifest digest", problems[5]);
    }

    [Fact]
    public void A_control_must_be_signed_by_the_graphs_deployer()
    {
        var c = new ZkGraphControl(31337, "0x" + new string('d', 64), ZkGraphAction.Pause, 2, "");
        var good = c with { Signature = Hex.Encode(PersonalMessage.Sign(Deployer, c.Message())) };
        var bad = c with { Signature = Hex.Encode(PersonalMessage.Sign(Other, c.Message())) };
        Assert.Null(ZkGraphDeployCheck.Problem(good, 31337, Deployer.Address, 2));
        Assert.Contains("expected the deployer", ZkGraphDeployCheck.Problem(bad, 31337, Deployer.Address, 2));
        // Signed as a pause, presented as a remove: the message differs, so the signer does too.
        Assert.NotNull(ZkGraphDeployCheck.Problem(good with { Action = ZkGraphAction.Remove }, 31337, Deployer.Address, 2));
    }

    [Fact]
    public void Stored_files_are_checked_against_the_owners_signed_roots()
    {
        var bytes = "hello"u8.ToArray();
        var write = StorageWrite.ForFile(31337, Deployer.Address, "/zkgraphs/x/zkgraph.yaml", bytes, 0);
        var entry = new DirectoryEntry(Deployer.Address.ToString(), 31337, write.Path, bytes.Length, write.RootHex(), 0, Hex.Encode(write.Sign(Deployer)));
        Assert.Null(ZkGraphDeployCheck.FileProblem(new StoredFile(entry, bytes), 31337, Deployer.Address, write.Path));
        Assert.Contains("not found", ZkGraphDeployCheck.FileProblem(null, 31337, Deployer.Address, write.Path));
        Assert.NotNull(ZkGraphDeployCheck.FileProblem(new StoredFile(entry, "hellO"u8.ToArray()), 31337, Deployer.Address, write.Path));
        var forged = entry with { Signature = Hex.Encode(write.Sign(Other)) };
        Assert.NotNull(ZkGraphDeployCheck.FileProblem(new StoredFile(forged, bytes), 31337, Deployer.Address, write.Path));
        Assert.NotNull(ZkGraphDeployCheck.FileProblem(new StoredFile(entry, bytes), 31337, Deployer.Address, "/zkgraphs/y/zkgraph.yaml"));
    }
}
