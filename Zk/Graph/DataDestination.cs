using System.Globalization;

namespace Wsc.Zk.Graph;

/// <summary>Where outputs go: kind "ethereum" (a contract called with the output as calldata) or "storage" (a web3:// URL template).</summary>
public sealed record DataDestination(string Kind, byte[]? Address, string? Url)
{
    /// <summary>The placeholder a storage URL may carry, replaced by the output's block number.</summary>
    public const string BlockPlaceholder = "{block}";

    /// <summary>What the prefix grants of graph <paramref name="graphId"/> say they serve (docs/storage.md): `zkgraph 0x{id}`.</summary>
    public static string GrantFor(string graphId) => "zkgraph " + (graphId ?? "").ToLowerInvariant();

    /// <summary>The storage URL of the output of block <paramref name="number"/> (`{block}` expanded).</summary>
    public string UrlFor(ulong number) => (Url ?? throw new InvalidOperationException($"a {Kind} destination has no URL"))
        .Replace(BlockPlaceholder, number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// The directory path a grant must cover for every expansion of the storage URL: its path up to the last '/' before
    /// the first placeholder (the whole URL's directory when it has none). `web3://0x…:31337/outputs/zkml/{block}.bin`
    /// gives `/outputs/zkml/`.
    /// </summary>
    public string GrantPrefix()
    {
        var url = Url ?? throw new InvalidOperationException($"a {Kind} destination has no URL");
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var slash = url.IndexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (slash < 0)
        {
            return "/";
        }
        var path = url[slash..];
        var brace = path.IndexOf('{', StringComparison.Ordinal);
        var fixedPart = brace < 0 ? path : path[..brace];
        return fixedPart[..(fixedPart.LastIndexOf('/') + 1)];
    }
}
