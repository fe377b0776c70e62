using Wsc.Chain;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Directories;

namespace Wsc.Grains.Storage;

/// <summary>Validation of a signed directory write, shared by the gateway (early refusal) and the directory (authority).</summary>
public static class WriteCheck
{
    /// <summary>The <see cref="StorageWrite"/> a message describes; throws <see cref="ArgumentException"/> when malformed.</summary>
    public static StorageWrite ToStorageWrite(DirectoryWrite write)
    {
        if (!Address.TryParse(write.Owner, out var owner))
        {
            throw new ArgumentException($"owner '{write.Owner}': expected a 0x-prefixed 20-byte address");
        }
        var roots = new List<byte[]>(write.Roots.Length);
        foreach (var r in write.Roots)
        {
            if (!Hash32.TryParse(r, out var h))
            {
                throw new ArgumentException($"blob root '{r}': expected 0x and 64 hex digits");
            }
            roots.Add(h.ToArray());
        }
        try
        {
            return new StorageWrite(write.ChainId, owner, write.Remove ? StorageOp.Remove : StorageOp.Put, write.Path, write.Length, roots, write.Nonce)
            {
                Grant = ToPrefixGrant(write.Grant),
            };
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <summary>The grant a write or entry carries, typed; null when none. Throws <see cref="FormatException"/> when malformed.</summary>
    public static PrefixGrant? ToPrefixGrant(StorageGrant? g) =>
        g is null ? null : PrefixGrant.FromWire(g.Owner, g.ChainId, g.Prefix, g.Grantee, g.For, g.Signature);

    /// <summary>Null when <paramref name="write"/> may be applied to the directory of <paramref name="owner"/> on <paramref name="chainId"/>, else why not.</summary>
    public static string? Problem(DirectoryWrite write, Address owner, ulong chainId, ulong nextNonce)
    {
        if (StoragePath.Problem(write.Path) is string p)
        {
            return p;
        }
        StorageWrite message;
        try
        {
            message = ToStorageWrite(write);
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        if (message.Owner != owner || write.ChainId != chainId)
        {
            return $"write for {message.Owner} on chain {write.ChainId} sent to the directory of {owner} on chain {chainId}";
        }
        if (write.Remove ? write.Roots.Length != 0 || write.Length != 0 : write.Length < 0 || write.Roots.Length != BlobLayout.BlobCount(write.Length))
        {
            return $"write of {write.Length} bytes with {write.Roots.Length} roots: expected {(write.Remove ? 0 : BlobLayout.BlobCount(Math.Max(0, write.Length)))} roots";
        }
        if (write.Nonce != nextNonce)
        {
            return write.Nonce < nextNonce
                ? $"stale nonce {write.Nonce}: this directory's next nonce is {nextNonce} (replayed or already applied)"
                : $"nonce {write.Nonce} is ahead: this directory's next nonce is {nextNonce}";
        }
        if (!TryHex(write.Signature, out var signature))
        {
            return $"signature '{write.Signature}': expected 0x-hex of 65 bytes";
        }
        return message.SignatureProblem(signature);
    }

    /// <summary>
    /// Null when a put may be stored by this cluster: its chain is the one the cluster follows (a file under another chain
    /// could not be served by the web3:// gateway) and its length is within <paramref name="maxFileBytes"/>; else why not.
    /// </summary>
    public static string? PutLimitProblem(DirectoryWrite write, ulong followedChainId, long maxFileBytes)
    {
        if (write.Remove)
        {
            return $"put of {write.Path} carries a remove write: expected a put";
        }
        if (write.ChainId != followedChainId)
        {
            return $"put of {write.Path} for chain {write.ChainId}: this cluster follows chain {followedChainId} (web3://{write.Owner}:{followedChainId}{write.Path})";
        }
        if (write.Length > maxFileBytes)
        {
            return $"put of {write.Path}: {write.Length} bytes exceed the largest file this cluster stores (Storage:MaxFileBytes = {maxFileBytes})";
        }
        return null;
    }

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || !text.StartsWith("0x", StringComparison.Ordinal) || text.Length % 2 != 0)
        {
            return false;
        }
        try
        {
            bytes = Convert.FromHexString(text.AsSpan(2));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
