using System.Globalization;
using Wsc.Chain;
using Wsc.Chain.Crypto;

namespace Wsc.Storage.Directories;

/// <summary>
/// A directory owner's signed permission for another key (the grantee) to put files under one path prefix of the owner's
/// directory, and nowhere else. The owner signs this UTF-8 text with EIP-191 personal_sign, lines joined by "\n", no
/// trailing newline (docs/storage.md):
/// <code>
/// wsc-storage grant
/// chain: 31337
/// owner: 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266
/// prefix: /outputs/zkml/
/// grantee: 0x70997970c51812dc3a010c7d01b50e0d17dc79c8
/// for: zkgraph 0x…
/// </code>
/// A write under the prefix is then valid when the grantee signs it (the ordinary write text, which still names the
/// owner's directory and its nonce), and the entry keeps the grant so every reader can check both signatures. `for`
/// says what the grant serves; the cluster only lets that graph use it.
/// </summary>
public sealed record PrefixGrant(ulong ChainId, Address Owner, string Prefix, Address Grantee, string For)
{
    /// <summary>The owner's 65-byte signature over <see cref="Message"/> (empty until signed).</summary>
    public byte[] Signature { get; init; } = [];

    /// <summary>
    /// A grant from its wire fields (addresses and signature as 0x-hex); throws <see cref="FormatException"/> with one line
    /// when one is malformed. The signature is checked by <see cref="Problem"/>, not here.
    /// </summary>
    public static PrefixGrant FromWire(string owner, ulong chainId, string prefix, string grantee, string @for, string signature)
    {
        if (!Address.TryParse(owner, out var o))
        {
            throw new FormatException($"grant owner '{owner}': expected 0x and 40 hex digits");
        }
        if (!Address.TryParse(grantee, out var g))
        {
            throw new FormatException($"grant grantee '{grantee}': expected 0x and 40 hex digits");
        }
        return new PrefixGrant(chainId, o, prefix ?? "", g, @for ?? "") { Signature = Hex.Decode(signature ?? "") };
    }

    /// <summary>The exact text the owner signs.</summary>
    public string Message() => string.Join('\n',
        "wsc-storage grant",
        string.Create(CultureInfo.InvariantCulture, $"chain: {ChainId}"),
        $"owner: {Owner}",
        $"prefix: {Prefix}",
        $"grantee: {Grantee}",
        $"for: {For}");

    /// <summary>This grant signed with the owner's key.</summary>
    public PrefixGrant Sign(PrivateKey owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return this with { Signature = PersonalMessage.Sign(owner, Message()) };
    }

    /// <summary>Null when the prefix is a directory path ("/" … "/") and the owner signed the grant, else a one-line reason.</summary>
    public string? Problem()
    {
        if (StoragePath.Problem(Prefix) is string p)
        {
            return "grant prefix: " + p;
        }
        if (!Prefix.EndsWith('/') || HasDotSegment(Prefix))
        {
            return $"grant prefix '{Prefix}': expected a directory path ending in '/' without '.' or '..' segments";
        }
        if (For.Contains('\n', StringComparison.Ordinal))
        {
            return "grant 'for' has a line break";
        }
        Address signer;
        try
        {
            signer = PersonalMessage.Recover(Message(), Signature);
        }
        catch (Exception e) when (e is SignatureException or ArgumentException or FormatException)
        {
            return $"grant of {Prefix} to {Grantee}: signature of {Signature.Length} bytes does not recover, expected 65 bytes by the owner {Owner}";
        }
        return signer == Owner ? null : $"grant of {Prefix} to {Grantee} signed by {signer}: expected the directory owner {Owner}";
    }

    /// <summary>Null when <paramref name="path"/> is a file strictly under the prefix (no '.' or '..' segments), else why not.</summary>
    public string? PathProblem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.StartsWith(Prefix, StringComparison.Ordinal) && path.Length > Prefix.Length && !HasDotSegment(path)
            ? null
            : $"write to {path} is outside the granted prefix {Prefix}";
    }

    private static bool HasDotSegment(string path) => path.Split('/').Any(s => s is "." or "..");
}
