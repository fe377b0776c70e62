namespace Wsc.Storage.Web3;

/// <summary>What URL resolution needs from the outside world: supported chains, name services and contracts' resolve modes.</summary>
public interface IWeb3Environment
{
    /// <summary>True when the gateway can call chain <paramref name="chainId"/>.</summary>
    bool IsChainSupported(ulong chainId);

    /// <summary>The name service (`ens`, `w3ns`) answering names ending in <paramref name="suffix"/> on a chain, or null.</summary>
    string? NameService(string suffix, ulong chainId);

    /// <summary>Resolves <paramref name="name"/> with a name service; null when the name is not registered.</summary>
    Task<Web3NameResolution?> ResolveNameAsync(string name, string service, ulong chainId, CancellationToken cancellationToken);

    /// <summary>The contract's resolve mode (its resolveMode() answer; auto when it has none).</summary>
    Task<Web3ResolveMode> ResolveModeAsync(string address, ulong chainId, CancellationToken cancellationToken);
}
