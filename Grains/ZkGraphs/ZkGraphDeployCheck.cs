using System.Text;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Storage.Directories;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// The rules a deploy, pause, resume or remove must pass, free of Orleans: the deployer's EIP-191 signature and nonce,
/// and the files read from the deployer's storage directory (owner's signature over their roots, bytes against the
/// roots, manifest digest and image id equal to what the deployer signed). Every refusal is one line.
/// </summary>
public static class ZkGraphDeployCheck
{
    /// <summary>Null when <paramref name="d"/> is well formed, for <paramref name="chainId"/>, carries the next nonce and is signed by its deployer.</summary>
    public static string? Problem(ZkGraphDeployment d, ulong chainId, ulong nextNonce)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!Address.TryParse(d.Deployer, out var deployer))
        {
            return $"deployer '{d.Deployer}': expected 0x and 40 hex digits";
        }
        if (d.ChainId != chainId)
        {
            return $"deploy signed for chain {d.ChainId}, sent to the registry of chain {chainId}";
        }
        try
        {
            ZkGraphIdentity.ParseHash(d.ManifestDigest, "manifest digest");
            ZkGraphIdentity.ParseHash(d.ImageId, "image id");
        }
        catch (FormatException e)
        {
            return e.Message;
        }
        if (string.IsNullOrEmpty(d.Name) || d.Name.Length > 64 || !d.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return $"name '{d.Name}': expected 1-64 of a-z, 0-9 and '-'";
        }
        return NonceProblem(d.Nonce, nextNonce) ?? SignerProblem(d.Message(), d.Signature, deployer, "deploy");
    }

    /// <summary>Null when <paramref name="c"/> is for <paramref name="chainId"/>, carries the deployer's next nonce and is signed by <paramref name="deployer"/>.</summary>
    public static string? Problem(ZkGraphControl c, ulong chainId, Address deployer, ulong nextNonce)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.ChainId != chainId)
        {
            return $"{c.Action.ToString().ToLowerInvariant()} signed for chain {c.ChainId}, sent to the registry of chain {chainId}";
        }
        return NonceProblem(c.Nonce, nextNonce) ?? SignerProblem(c.Message(), c.Signature, deployer, c.Action.ToString().ToLowerInvariant());
    }

    /// <summary>
    /// The manifest and program <paramref name="d"/> names, checked: both files present and committed to by the deployer,
    /// the manifest valid with the signed name and digest, the ELF loadable with the signed image id.
    /// </summary>
    public static (ZkGraphManifest Manifest, ProgramImage Image) Files(ZkGraphDeployment d, StoredFile? manifestFile, StoredFile? programFile)
    {
        ArgumentNullException.ThrowIfNull(d);
        var owner = Address.Parse(d.Deployer);
        var manifestPath = ZkGraphKeys.ManifestPath(d.Name);
        var programPath = ZkGraphKeys.ProgramPath(d.Name);
        Refuse(FileProblem(manifestFile, d.ChainId, owner, manifestPath));
        Refuse(FileProblem(programFile, d.ChainId, owner, programPath));
        ZkGraphManifest manifest;
        try
        {
            manifest = ZkGraphManifest.Parse(new UTF8Encoding(false, true).GetString(manifestFile!.Bytes));
        }
        catch (Exception e) when (e is ManifestException or DecoderFallbackException)
        {
            throw new ArgumentException($"{StorageKeys.Url(d.Deployer, d.ChainId, manifestPath)}: {e.Message}");
        }
        if (manifest.Name != d.Name)
        {
            throw new ArgumentException($"the stored manifest names graph '{manifest.Name}', the deploy names '{d.Name}'");
        }
        var digest = ZkGraphIdentity.ManifestDigest(manifest);
        if (!string.Equals(digest, d.ManifestDigest, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"the stored manifest has digest {digest}, the deployer signed {d.ManifestDigest.ToLowerInvariant()}");
        }
        ProgramImage image;
        try
        {
            image = ProgramImage.FromElf(programFile!.Bytes);
        }
        catch (Exception e) when (e is ElfFormatException or ArgumentException or FormatException)
        {
            throw new ArgumentException($"{StorageKeys.Url(d.Deployer, d.ChainId, programPath)}: not a loadable RV32IM program: {e.Message.ReplaceLineEndings(" ")}");
        }
        if (!string.Equals(image.Id.ToString(), d.ImageId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"the stored program has image id {image.Id}, the deployer signed {d.ImageId.ToLowerInvariant()}");
        }
        return (manifest, image);
    }

    /// <summary>Null when <paramref name="file"/> is the owner-signed file at (<paramref name="chainId"/>, <paramref name="owner"/>, <paramref name="path"/>) and its bytes match the signed roots.</summary>
    public static string? FileProblem(StoredFile? file, ulong chainId, Address owner, string path)
    {
        var url = StorageKeys.Url(owner.ToString(), chainId, path);
        if (file is null)
        {
            return $"{url}: not found on the storage network";
        }
        var e = file.Entry;
        if (!Address.TryParse(e.Owner, out var entryOwner))
        {
            return $"{url}: the stored entry names owner '{e.Owner}'";
        }
        byte[] signature;
        List<byte[]> roots;
        try
        {
            signature = Hex.Decode(e.Signature);
            roots = [.. e.Roots.Select(Hex.Decode)];
        }
        catch (FormatException x)
        {
            return $"{url}: malformed entry: {x.Message}";
        }
        StorageWrite write;
        try
        {
            write = new StorageWrite(e.ChainId, entryOwner, StorageOp.Put, e.Path, e.Length, roots, e.Nonce) { Grant = Storage.WriteCheck.ToPrefixGrant(e.Grant) };
        }
        catch (FormatException x)
        {
            return $"{url}: malformed grant: {x.Message}";
        }
        return FileCheck.Problem(write, signature, file.Bytes, chainId, owner, path) is string p ? $"{url}: {p}" : null;
    }

    /// <summary>What the tick path needs of a manifest.</summary>
    public static ZkGraphSubscription Subscription(string graphId, ZkGraphManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new ZkGraphSubscription(graphId,
            [.. manifest.Events.Select(e => new ZkGraphEventFilter(Hex.Encode(e.Address), [.. e.Topics.Select(t => Hex.Encode(t))]))],
            manifest.Trigger.OnEvents, manifest.Trigger.EveryNBlocks, manifest.ReceiptProofs == ZkGraphReceiptProofs.Matched);
    }

    /// <summary>The manifest's finality as text: latest, safe, finalized or confirmations:N.</summary>
    public static string Finality(ZkGraphManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Finality.Kind == "confirmations" ? $"confirmations:{manifest.Finality.Confirmations}" : manifest.Finality.Kind;
    }

    private static string? NonceProblem(ulong nonce, ulong next) => nonce == next
        ? null
        : nonce < next
            ? $"stale nonce {nonce}: the deployer's next nonce is {next} (replayed or already applied)"
            : $"nonce {nonce} is ahead: the deployer's next nonce is {next}";

    private static string? SignerProblem(string message, string signatureHex, Address expected, string what)
    {
        byte[] signature;
        try
        {
            signature = Hex.Decode(signatureHex ?? "");
        }
        catch (FormatException)
        {
            return $"{what} signature '{signatureHex}': expected 0x-hex of 65 bytes";
        }
        if (signature.Length != 65)
        {
            return $"{what} signature of {signature.Length} bytes: expected 65 bytes r||s||v by {expected}";
        }
        Address signer;
        try
        {
            signer = PersonalMessage.Recover(message, signature);
        }
        catch (Exception e) when (e is SignatureException or ArgumentException or FormatException)
        {
            return $"{what} signature does not recover: expected one by {expected}";
        }
        return signer == expected ? null : $"{what} signed by {signer}: expected the deployer {expected}";
    }

    private static void Refuse(string? problem)
    {
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }
    }
}
