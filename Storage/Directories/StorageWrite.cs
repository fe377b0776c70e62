using System.Globalization;
using System.Text;
using Wsc.Chain;
using Wsc.Chain.Crypto;

namespace Wsc.Storage.Directories;

/// <summary>
/// A directory change the owner signs with EIP-191 personal_sign. The signed message is this UTF-8 text, lines joined by
/// "\n", no trailing newline (see docs/storage.md):
/// <code>
/// wsc-storage write
/// chain: 31337
/// owner: 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266
/// op: put
/// path: /model/weights.bin
/// bytes: 10485760
/// roots: 0x…,0x…
/// nonce: 0
/// </code>
/// Chain id, owner and nonce stop cross-chain, cross-directory and replayed use; the roots bind every byte and length.
/// </summary>
public sealed record StorageWrite(ulong ChainId, Address Owner, StorageOp Op, string Path, long Bytes, IReadOnlyList<byte[]> Roots, ulong Nonce)
{
    /// <summary>
    /// Null when this is a put of exactly the file asked for (chain, owner, path), else why not: a signature only says
    /// who signed, so a reader must also check it is the entry it asked for, not another signed file served instead.
    /// </summary>
    public string? NotTheFileAskedFor(ulong chainId, Address owner, string path)
    {
        if (ChainId != chainId || Owner != owner || !string.Equals(Path, path, StringComparison.Ordinal))
        {
            return $"the cluster served {Owner}:{ChainId}/{Path} for {owner}:{chainId}/{path}";
        }
        return Op == StorageOp.Put ? null : $"{path}: the signed entry is a {Op}, not a put";
    }

    /// <summary>A put of <paramref name="file"/> at <paramref name="path"/>: the roots are computed from the bytes.</summary>
    public static StorageWrite ForFile(ulong chainId, Address owner, string path, ReadOnlyMemory<byte> file, ulong nonce) =>
        new(chainId, owner, StorageOp.Put, StoragePath.Check(path), file.Length, Blobs.FileBlobs.Roots(file), nonce);

    /// <summary>A remove of <paramref name="path"/>.</summary>
    public static StorageWrite ForRemove(ulong chainId, Address owner, string path, ulong nonce) =>
        new(chainId, owner, StorageOp.Remove, StoragePath.Check(path), 0, [], nonce);

    /// <summary>The roots as 0x-hex strings.</summary>
    public string[] RootHex() => Roots.Select(r => Hex.Encode(r)).ToArray();

    /// <summary>The exact text that is signed.</summary>
    public string Message()
    {
        var sb = new StringBuilder("wsc-storage write\n");
        sb.Append(CultureInfo.InvariantCulture, $"chain: {ChainId}\n");
        sb.Append(CultureInfo.InvariantCulture, $"owner: {Owner}\n");
        sb.Append(Op == StorageOp.Put ? "op: put\n" : "op: remove\n");
        sb.Append(CultureInfo.InvariantCulture, $"path: {Path}\n");
        sb.Append(CultureInfo.InvariantCulture, $"bytes: {Bytes}\n");
        sb.Append("roots: ").AppendJoin(',', Roots.Select(r => Hex.Encode(r))).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"nonce: {Nonce}");
        return sb.ToString();
    }

    /// <summary>Signs with the owner's key (65 bytes r ‖ s ‖ v).</summary>
    public byte[] Sign(PrivateKey key) => PersonalMessage.Sign(key, Message());

    /// <summary>The address that produced <paramref name="signature"/> over this write, or null when it is malformed.</summary>
    public Address? Signer(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 65)
        {
            return null;
        }
        try
        {
            return PersonalMessage.Recover(Message(), signature);
        }
        catch (Exception e) when (e is SignatureException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The owner's grant that lets another key sign this write (a put under the grant's prefix); null for the owner's own
    /// writes. Not part of the signed text: the grant carries the owner's signature itself.
    /// </summary>
    public PrefixGrant? Grant { get; init; }

    /// <summary>
    /// Null when the signature is the owner's, or the grantee's of a valid <see cref="Grant"/> of this directory covering
    /// this put's path; else a one-line reason.
    /// </summary>
    public string? SignatureProblem(ReadOnlySpan<byte> signature)
    {
        var signer = Signer(signature);
        if (signer is null)
        {
            return $"signature of {signature.Length} bytes does not recover: expected 65 bytes r||s||v by {Owner}";
        }
        if (signer == Owner)
        {
            return null;
        }
        if (Grant is not { } grant)
        {
            return $"write to {Path} signed by {signer}: expected the directory owner {Owner}";
        }
        if (grant.ChainId != ChainId || grant.Owner != Owner)
        {
            return $"write to {Owner}:{ChainId}{Path} carries a grant of the directory {grant.Owner}:{grant.ChainId}";
        }
        if (Op != StorageOp.Put)
        {
            return $"{Op.ToString().ToLowerInvariant()} of {Path} by the grantee {signer}: a grant allows puts only";
        }
        return grant.Problem() ?? grant.PathProblem(Path)
            ?? (signer == grant.Grantee ? null : $"write to {Path} signed by {signer}: expected the owner {Owner} or the grantee {grant.Grantee}");
    }
}
