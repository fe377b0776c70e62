using System.Globalization;
using System.Text.RegularExpressions;
using Wsc.Chain;
using Wsc.Storage.Directories;

namespace Wsc.Storage.Web3;

/// <summary>A storage file URL, `web3://0xOWNER:CHAIN/PATH`: the owner's address, the chain id (default 1) and the path.</summary>
public sealed partial record StorageUrl(Address Owner, ulong ChainId, string Path)
{
    /// <summary>Parses; throws <see cref="Web3UrlException"/> with a one-line reason.</summary>
    public static StorageUrl Parse(string url)
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
        ulong chain = 1;
        if (m.Groups["chain"].Success && !ulong.TryParse(m.Groups["chain"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out chain))
        {
            throw new Web3UrlException($"storage URL '{url}': chain id '{m.Groups["chain"].Value}' is too large");
        }
        var path = m.Groups["path"].Success && m.Groups["path"].Value.Length > 0 ? m.Groups["path"].Value : "/";
        if (StoragePath.Problem(path) is string p)
        {
            throw new Web3UrlException($"storage URL '{url}': {p}");
        }
        return new StorageUrl(owner, chain, path);
    }

    public override string ToString() => $"web3://{Owner}:{ChainId}{Path}";

    [GeneratedRegex(@"^(web3|w3)://(?<owner>0x[0-9a-fA-F]{40})(:(?<chain>[1-9][0-9]*))?(?<path>/[!-~]*)?$")]
    private static partial Regex Shape();
}
