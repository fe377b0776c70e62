using System.Globalization;
using System.Text.RegularExpressions;
using Wsc.Chain;
using Wsc.Storage.Directories;

namespace Wsc.Storage.Web3;

/// <summary>
/// A storage file URL, `web3://0xOWNER:CHAIN/PATH`: the owner's address, the chain id and the path. A URL without
/// `:CHAIN` gets the chain its caller names (the CLI: the cluster's chain), never ERC-6860's default chain 1 silently.
/// </summary>
public sealed partial record StorageUrl(Address Owner, ulong ChainId, string Path)
{
    /// <summary>Parses a URL that names its chain; throws <see cref="Web3UrlException"/> with a one-line reason (also when `:CHAIN` is missing).</summary>
    public static StorageUrl Parse(string url) => Parse(url, null);

    /// <summary>
    /// Parses; a URL without `:CHAIN` gets <paramref name="defaultChainId"/>, and is refused when that is null. Throws
    /// <see cref="Web3UrlException"/> with a one-line reason.
    /// </summary>
    public static StorageUrl Parse(string url, ulong? defaultChainId)
    {
        var (owner, chain, path) = Parts(url);
        return new StorageUrl(owner, chain ?? defaultChainId
            ?? throw new Web3UrlException($"storage URL '{url}' names no chain id: expected web3://0xOWNER:CHAINID/PATH"), path);
    }

    /// <summary>
    /// The URL's owner, chain id (null when it names none) and path; throws <see cref="Web3UrlException"/> with a one-line
    /// reason when it is malformed. For callers that must look the default chain up before they can <see cref="Parse(string, ulong?)"/>.
    /// </summary>
    public static (Address Owner, ulong? ChainId, string Path) Split(string url) => Parts(url);

    public override string ToString() => $"web3://{Owner}:{ChainId}{Path}";

    private static (Address Owner, ulong? ChainId, string Path) Parts(string url)
    {
        var m = Shape().Match(url ?? "");
        if (!m.Success)
        {
            throw new Web3UrlException($"malformed storage URL '{url}': expected web3://0xOWNER:CHAINID/PATH");
        }
        if (!Address.TryParse(m.Groups["owner"].Value, out var owner))
        {
            throw new Web3UrlException($"storage URL '{url}': owner '{m.Groups["owner"].Value}' has a wrong EIP-55 checksum");
        }
        ulong? chain = null;
        if (m.Groups["chain"].Success)
        {
            chain = ulong.TryParse(m.Groups["chain"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var c)
                ? c
                : throw new Web3UrlException($"storage URL '{url}': chain id '{m.Groups["chain"].Value}' is too large");
        }
        var path = m.Groups["path"].Success && m.Groups["path"].Value.Length > 0 ? m.Groups["path"].Value : "/";
        if (StoragePath.Problem(path) is string p)
        {
            throw new Web3UrlException($"storage URL '{url}': {p}");
        }
        return (owner, chain, path);
    }

    [GeneratedRegex(@"^(web3|w3)://(?<owner>0x[0-9a-fA-F]{40})(:(?<chain>[1-9][0-9]*))?(?<path>/[!-~]*)?$")]
    private static partial Regex Shape();
}
