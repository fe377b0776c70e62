using Wsc.Chain;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;
using Wsc.Zk.Graph;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// The rules of `storage` destinations, free of Orleans: each destination's directory owner must have granted the
/// cluster's writer a prefix covering every block's URL, for this graph; the graph writes nowhere else.
/// </summary>
public static class ZkGraphGrants
{
    /// <summary>What a graph's grants say they serve: `zkgraph 0x{graph id}`.</summary>
    public static string For(string graphId) => DataDestination.GrantFor(graphId);

    /// <summary>The storage destinations of <paramref name="manifest"/>, in manifest order.</summary>
    public static IReadOnlyList<DataDestination> Destinations(ZkGraphManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return [.. manifest.Destinations.Where(d => d.Kind == "storage")];
    }

    /// <summary>The grant a deployer who owns <paramref name="destination"/>'s directory signs for it (unsigned here).</summary>
    public static PrefixGrant Grant(DataDestination destination, string graphId, Address writer)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var url = StorageUrl.Parse(destination.Url!);
        return new PrefixGrant(url.ChainId, url.Owner, destination.GrantPrefix(), writer, For(graphId));
    }

    /// <summary>The wire form of a signed grant.</summary>
    public static StorageGrant ToWire(PrefixGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new StorageGrant(grant.Owner.ToString(), grant.ChainId, grant.Prefix, grant.Grantee.ToString(), grant.For, Hex.Encode(grant.Signature));
    }

    /// <summary>
    /// The grant of <paramref name="grants"/> that covers <paramref name="destination"/>, checked: the URL's owner signed it,
    /// for this graph, to <paramref name="writer"/>, on the cluster's chain, with a prefix every block's URL falls under.
    /// Throws <see cref="ArgumentException"/> with one line when there is none.
    /// </summary>
    public static (StorageGrant Wire, PrefixGrant Grant) Covering(DataDestination destination, string graphId, IReadOnlyList<StorageGrant> grants,
        Address? writer, ulong chainId)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(grants);
        StorageUrl url;
        try
        {
            url = StorageUrl.Parse(destination.Url!);
        }
        catch (Web3UrlException e)
        {
            throw new ArgumentException($"storage destination: {e.Message}");
        }
        if (url.ChainId != chainId)
        {
            throw new ArgumentException($"storage destination {destination.Url}: chain {url.ChainId}, this cluster stores files of chain {chainId}");
        }
        if (destination.Url!.Replace(DataDestination.BlockPlaceholder, "", StringComparison.Ordinal).IndexOfAny(['{', '}']) >= 0)
        {
            throw new ArgumentException($"storage destination {destination.Url}: the only placeholder is {DataDestination.BlockPlaceholder}");
        }
        if (writer is not { } w)
        {
            throw new ArgumentException($"storage destination {destination.Url}: this cluster has no writer key (Automation:Key) to write outputs with");
        }
        // The URL with the placeholder at its widest: a grant must cover it, and its prefix must end before the placeholder.
        var path = StorageUrl.Parse(destination.UrlFor(0)).Path;
        var fixedLength = destination.GrantPrefix().Length;
        string? nearest = null;
        foreach (var wire in grants)
        {
            PrefixGrant grant;
            try
            {
                grant = Storage.WriteCheck.ToPrefixGrant(wire)!;
            }
            catch (FormatException e)
            {
                throw new ArgumentException("grant: " + e.Message);
            }
            if (grant.Owner != url.Owner || grant.ChainId != url.ChainId)
            {
                continue;
            }
            var problem = grant.Problem()
                ?? grant.PathProblem(path)
                ?? (grant.Prefix.Length > fixedLength ? $"grant prefix {grant.Prefix} does not cover every block of {destination.Url}" : null)
                ?? (grant.For != For(graphId) ? $"grant of {grant.Prefix} is for '{grant.For}', expected '{For(graphId)}'" : null)
                ?? (grant.Grantee != w ? $"grant of {grant.Prefix} names grantee {grant.Grantee}, this cluster writes with {w}" : null);
            if (problem is null)
            {
                return (wire, grant);
            }
            nearest ??= problem;
        }
        throw new ArgumentException($"storage destination {destination.Url}: " + (nearest ?? $"no grant signed by its owner {url.Owner} for a prefix of {url.Path}"));
    }

    /// <summary>
    /// Null when every storage destination of <paramref name="manifest"/> has its grant in <paramref name="grants"/> and no
    /// grant is left over (a grant that serves no destination would let the cluster write where the graph does not); else why not.
    /// A cluster without a writer key (no `Automation:Key`) takes a deploy without grants: it writes nothing, as its
    /// `ethereum` destinations send nothing, and the graph's storage destinations stay unwritten.
    /// </summary>
    public static string? Problem(ZkGraphManifest manifest, string graphId, IReadOnlyList<StorageGrant> grants, Address? writer, ulong chainId)
    {
        ArgumentNullException.ThrowIfNull(grants);
        if (writer is null && grants.Count == 0)
        {
            return null;
        }
        var used = new HashSet<StorageGrant>();
        try
        {
            foreach (var d in Destinations(manifest))
            {
                used.Add(Covering(d, graphId, grants, writer, chainId).Wire);
            }
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        return grants.FirstOrDefault(g => !used.Contains(g)) is { } extra
            ? $"grant of {extra.Prefix} in {extra.Owner}:{extra.ChainId} serves no storage destination of the manifest"
            : null;
    }
}
