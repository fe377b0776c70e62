using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;

namespace Wsc.Client.Tests.Storage;

/// <summary>Rollback (docs/storage.md): an older signed version of a path is refused once the reader names a newer nonce.</summary>
public sealed class RollbackTests
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    private static readonly StorageUrl Url = StorageUrl.Parse($"web3://{Owner.Address}:31337/site/index.html");

    private static StoredFile Signed(ulong nonce, ulong? claimedNonce = null)
    {
        // An empty file has no blobs, so verification needs no cluster beyond the signature and nonce checks.
        var w = StorageWrite.ForFile(31337, Owner.Address, "/site/index.html", Array.Empty<byte>(), nonce);
        return new StoredFile(new DirectoryEntry(w.Owner.ToString(), 31337, w.Path, 0, [], claimedNonce ?? nonce, Hex.Encode(w.Sign(Owner))), []);
    }

    [Fact]
    public async Task An_entry_older_than_min_nonce_is_refused_and_newer_or_equal_ones_pass()
    {
        var old = await StorageClient.VerifyAsync(NoCluster.Create(), Url, Signed(3), new byte[32], minNonce: 5);
        Assert.False(old.Verified);
        Assert.Equal("the cluster served the version signed with nonce 3, older than --min-nonce 5 (rolled back)", old.Problem);
        Assert.True((await StorageClient.VerifyAsync(NoCluster.Create(), Url, Signed(5), new byte[32], minNonce: 5)).Verified);
        Assert.True((await StorageClient.VerifyAsync(NoCluster.Create(), Url, Signed(9), new byte[32], minNonce: 5)).Verified);
    }

    [Fact]
    public async Task A_nonce_raised_without_the_owners_signature_does_not_pass_min_nonce()
    {
        // Tamper: the cluster bumps the old entry's nonce to look current; the signature no longer matches.
        var check = await StorageClient.VerifyAsync(NoCluster.Create(), Url, Signed(3, claimedNonce: 7), new byte[32], minNonce: 5);
        Assert.False(check.Verified);
        Assert.DoesNotContain("rolled back", check.Problem, StringComparison.Ordinal);
    }
}
