using Wsc.Chain.Crypto;
using Wsc.Storage.Directories;

namespace Wsc.Storage.Tests.Directories;

public sealed class PrefixGrantTests
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly PrivateKey Writer = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static readonly PrefixGrant Grant = new PrefixGrant(31337, Owner.Address, "/outputs/zkml/", Writer.Address, "zkgraph 0xab").Sign(Owner);

    private static (StorageWrite Write, byte[] Signature) Put(string path, PrivateKey by, PrefixGrant? grant = null, StorageOp op = StorageOp.Put)
    {
        var w = (op == StorageOp.Put ? StorageWrite.ForFile(31337, Owner.Address, path, "out"u8.ToArray(), 5) : StorageWrite.ForRemove(31337, Owner.Address, path, 5))
            with { Grant = grant ?? Grant };
        return (w, w.Sign(by));
    }

    [Fact]
    public void Signed_message_is_the_documented_text()
    {
        Assert.Equal("wsc-storage grant\nchain: 31337\nowner: 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\nprefix: /outputs/zkml/\n"
            + "grantee: 0x70997970c51812dc3a010c7d01b50e0d17dc79c8\nfor: zkgraph 0xab", Grant.Message());
    }

    [Fact]
    public void The_grantee_may_put_under_the_prefix_and_readers_verify_the_file()
    {
        var (w, sig) = Put("/outputs/zkml/12.bin", Writer);
        Assert.Null(w.SignatureProblem(sig));
        Assert.Null(FileCheck.Problem(w, sig, "out"u8.ToArray(), 31337, Owner.Address, "/outputs/zkml/12.bin"));
        Assert.Contains("blob 0 hashes to", FileCheck.Problem(w, sig, "OUT"u8.ToArray(), 31337, Owner.Address, "/outputs/zkml/12.bin"), StringComparison.Ordinal);
        // The owner still writes anywhere, grant or not.
        var (own, ownSig) = Put("/elsewhere.bin", Owner);
        Assert.Null(own.SignatureProblem(ownSig));
    }

    [Fact]
    public void Writes_outside_the_prefix_by_another_key_removes_and_forged_grants_are_refused_in_one_line()
    {
        var stranger = PrivateKey.Generate();
        var problems = new[]
        {
            Put("/outputs/other/12.bin", Writer).Apply(),
            Put("/outputs/zkml/", Writer).Apply(),
            Put("/outputs/zkml/../../model/weights.bin", Writer).Apply(),
            Put("/outputs/zkml/12.bin", stranger).Apply(),
            Put("/outputs/zkml/12.bin", Writer, op: StorageOp.Remove).Apply(),
            Put("/outputs/zkml/12.bin", Writer, Grant with { Prefix = "/" }).Apply(),
            Put("/outputs/zkml/12.bin", Writer, new PrefixGrant(31337, Owner.Address, "/outputs/zkml/", Writer.Address, "x").Sign(stranger)).Apply(),
            Put("/outputs/zkml/12.bin", Writer, new PrefixGrant(31337, stranger.Address, "/outputs/zkml/", Writer.Address, "x").Sign(stranger)).Apply(),
            Put("/outputs/zkml/12.bin", Writer, new PrefixGrant(1, Owner.Address, "/outputs/zkml/", Writer.Address, "x").Sign(Owner)).Apply(),
            Put("/outputs/zkml/12.bin", Writer, new PrefixGrant(31337, Owner.Address, "/outputs/zkml", Writer.Address, "x").Sign(Owner)).Apply(),
            Put("/outputs/zkml/12.bin", Writer, Grant with { Signature = [] }).Apply(),
        };
        Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p)));
        Assert.All(problems, p => Assert.DoesNotContain('\n', p!));
        Assert.Contains("outside the granted prefix /outputs/zkml/", problems[0], StringComparison.Ordinal);
        Assert.Contains("outside the granted prefix", problems[1], StringComparison.Ordinal);
        Assert.Contains("outside the granted prefix", problems[2], StringComparison.Ordinal);
        Assert.Contains("expected the owner", problems[3], StringComparison.Ordinal);
        Assert.Contains("puts only", problems[4], StringComparison.Ordinal);
        Assert.Contains("expected the directory owner", problems[5], StringComparison.Ordinal);
        Assert.Contains("expected the directory owner", problems[6], StringComparison.Ordinal);
        Assert.Contains("carries a grant of the directory", problems[7], StringComparison.Ordinal);
        Assert.Contains("carries a grant of the directory", problems[8], StringComparison.Ordinal);
        Assert.Contains("ending in '/'", problems[9], StringComparison.Ordinal);
        Assert.Contains("does not recover", problems[10], StringComparison.Ordinal);
    }
}

internal static class PrefixGrantTestExtensions
{
    public static string? Apply(this (StorageWrite Write, byte[] Signature) put) => put.Write.SignatureProblem(put.Signature);
}
