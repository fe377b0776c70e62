using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;

namespace Wsc.Storage.Tests.Directories;

public sealed class StorageWriteTests
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    [Fact]
    public void Signed_message_is_the_documented_text()
    {
        var w = new StorageWrite(31337, Owner.Address, StorageOp.Put, "/a/b.txt", 5, [new byte[32]], 7);
        Assert.Equal(
            "wsc-storage write\nchain: 31337\nowner: 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\nop: put\npath: /a/b.txt\nbytes: 5\n"
            + "roots: 0x0000000000000000000000000000000000000000000000000000000000000000\nnonce: 7",
            w.Message());
    }

    [Fact]
    public void Owner_signature_verifies_and_any_changed_field_breaks_it()
    {
        var file = "hello"u8.ToArray();
        var w = StorageWrite.ForFile(31337, Owner.Address, "/hello.txt", file, 3);
        var sig = w.Sign(Owner);
        Assert.Null(w.SignatureProblem(sig));
        Assert.Null(FileCheck.Problem(w, sig, file, 31337, Owner.Address, "/hello.txt"));
        // A correctly signed file is still refused when it is not the one asked for (another path, chain or owner).
        Assert.Contains("the cluster served", FileCheck.Problem(w, sig, file, 31337, Owner.Address, "/other.txt"), StringComparison.Ordinal);
        Assert.Contains("the cluster served", FileCheck.Problem(w, sig, file, 1, Owner.Address, "/hello.txt"), StringComparison.Ordinal);
        Assert.Contains("the cluster served", FileCheck.Problem(w, sig, file, 31337, PrivateKey.Generate().Address, "/hello.txt"), StringComparison.Ordinal);
        Assert.NotNull((w with { Nonce = 4 }).SignatureProblem(sig));
        Assert.NotNull((w with { ChainId = 1 }).SignatureProblem(sig));
        Assert.NotNull((w with { Path = "/other.txt" }).SignatureProblem(sig));
        Assert.NotNull((w with { Op = StorageOp.Remove }).SignatureProblem(sig));
        Assert.NotNull(w.SignatureProblem(sig.AsSpan(0, 64)));
        var stranger = PrivateKey.Generate();
        Assert.Contains("expected the directory owner", w.SignatureProblem(w.Sign(stranger)), StringComparison.Ordinal);
        Assert.Contains("blob 0 hashes to", FileCheck.Problem(w, sig, "hellO"u8.ToArray(), 31337, Owner.Address, "/hello.txt"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web3://0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266:31337/model/w.bin", 31337UL, "/model/w.bin")]
    [InlineData("w3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:5", 5UL, "/")]
    public void Storage_urls_parse(string url, ulong chain, string path)
    {
        var u = StorageUrl.Parse(url);
        Assert.Equal(Owner.Address, u.Owner);
        Assert.Equal(chain, u.ChainId);
        Assert.Equal(path, u.Path);
        Assert.Equal((Owner.Address, (ulong?)chain, path), StorageUrl.Split(url));
    }

    // Issue 13 point 3: a URL without :chainId was silently chain 1 (ERC-6860's default), which the cluster's gateway
    // then refused. It now takes the chain its caller names (the CLI: the cluster's), or is refused.
    [Fact]
    public void A_url_without_a_chain_id_is_never_silently_chain_1()
    {
        const string url = "w3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266/site/a.txt";
        Assert.Null(StorageUrl.Split(url).ChainId);
        var e = Assert.Throws<Web3UrlException>(() => StorageUrl.Parse(url));
        Assert.Equal($"storage URL '{url}' names no chain id: expected web3://0xOWNER:CHAINID/PATH", e.Message);
        var u = StorageUrl.Parse(url, 31337);
        Assert.Equal(31337UL, u.ChainId);
        Assert.Equal("/site/a.txt", u.Path);
        // A chain named in the URL wins over the default.
        Assert.Equal(5UL, StorageUrl.Parse("w3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:5/x", 31337).ChainId);
    }

    [Theory]
    [InlineData("http://0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266/x")]
    [InlineData("web3://uniswap.eth/x")]
    [InlineData("web3://0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226/x")]
    [InlineData("web3://0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266:0/x")]
    [InlineData("web3://0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266/a b")]
    [InlineData("web3://0xF39fd6e51aad88f6f4ce6ab8827279cfffb92266/x")]
    public void Malformed_storage_urls_are_refused_in_one_line(string url)
    {
        var e = Assert.Throws<Web3UrlException>(() => StorageUrl.Parse(url));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(400, e.HttpCode);
    }
}
