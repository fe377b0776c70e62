using Wsc.Storage.Web3;

namespace Wsc.Storage.Tests.Web3;

/// <summary>
/// The mainnet facts the web3protocol-tests vectors depend on (their SOURCES note says to stub them): which chains
/// exist, the ENS/W3NS names they use, and which of their contracts answer resolveMode() with manual or 5219.
/// </summary>
internal sealed class StubChain : IWeb3Environment
{
    private static readonly HashSet<ulong> Chains = [1, 42170, 11155111, 3334, 31337];

    private static readonly Dictionary<(string, ulong), Web3NameResolution> Names = new()
    {
        [("uniswap.eth", 1)] = new("0x1a9C8182C09F50C8318d769245beA52c32BE35BC"),
        [("uniswap.eth", 11155111)] = new("0x4e3e20fC02f9d4C11BE2D2D64515aB4c33ef4fcc"),
        [("vitalikblog.eth", 1)] = new("0xe4ba0e245436b737468c206ab5c8f4950597ab7f", 42170),
        [("quark.w3q", 3334)] = new("0xc934D34DF21dE61A62b3D12E929b65D0bCfaf8b9"),
    };

    public bool IsChainSupported(ulong chainId) => Chains.Contains(chainId);

    public string? NameService(string suffix, ulong chainId) => (suffix, chainId) switch
    {
        ("eth", 1 or 11155111) => "ens",
        ("w3q", 3334) => "w3ns",
        _ => null,
    };

    public Task<Web3NameResolution?> ResolveNameAsync(string name, string service, ulong chainId, CancellationToken cancellationToken) =>
        Task.FromResult(Names.GetValueOrDefault((name, chainId)));

    public Task<Web3ResolveMode> ResolveModeAsync(string address, ulong chainId, CancellationToken cancellationToken) =>
        Task.FromResult(address.ToLowerInvariant() switch
        {
            "0x9a595bc28f1c40ab96247e8157a2b0a6762e7543" => Web3ResolveMode.Manual,
            "0x2b51a751d3c7d3554e28dc72c3b032e5f56aa656" => Web3ResolveMode.ResourceRequest,
            _ => Web3ResolveMode.Auto,
        });
}
