using System.Globalization;

namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// A deployer's signed request to run a graph whose manifest and program it stored under `/zkgraphs/{name}/` in its own
/// storage directory. The signature is EIP-191 personal_sign over <see cref="Message"/> (docs/zkgraphs.md); chain id and
/// nonce stop cross-chain and replayed use, the manifest digest and image id bind exactly what runs. <see cref="Grants"/>
/// carry one owner-signed prefix grant per `storage` destination (each grant is signed by its directory's owner, so it
/// is not part of the deploy's text).
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.zkgraphs.ZkGraphDeployment")]
public sealed record ZkGraphDeployment(
    [property: Id(0)] ulong ChainId,
    [property: Id(1)] string Deployer,
    [property: Id(2)] string Name,
    [property: Id(3)] string ManifestDigest,
    [property: Id(4)] string ImageId,
    [property: Id(5)] ulong Nonce,
    [property: Id(6)] string Signature,
    [property: Id(7)] Storage.StorageGrant[]? Grants = null)
{
    /// <summary>The exact text signed: lines joined by "\n", no trailing newline, addresses and hashes lowercase.</summary>
    public string Message() => string.Join('\n',
        "wsc-zkgraph deploy",
        string.Create(CultureInfo.InvariantCulture, $"chain: {ChainId}"),
        $"deployer: {Deployer.ToLowerInvariant()}",
        $"name: {Name}",
        $"manifest: {ManifestDigest.ToLowerInvariant()}",
        $"image: {ImageId.ToLowerInvariant()}",
        string.Create(CultureInfo.InvariantCulture, $"nonce: {Nonce}"));
}
