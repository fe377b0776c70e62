namespace Wsc.Storage.Web3;

/// <summary>A parsed and resolved web3:// URL: which contract, on which chain, called how, and how to process the answer.</summary>
public sealed record Web3Url
{
    /// <summary>The URL as given.</summary>
    public required string Url { get; init; }

    /// <summary>Name service used for the host (`ens`, `w3ns`), or null for an address host.</summary>
    public string? HostDomainNameResolver { get; init; }

    /// <summary>Chain the host name was resolved on.</summary>
    public ulong? HostDomainNameResolverChainId { get; init; }

    /// <summary>Contract (or directory owner) address, 0x-hex as resolved.</summary>
    public required string ContractAddress { get; init; }

    /// <summary>Target chain id (1 when the URL names none).</summary>
    public required ulong ChainId { get; init; }

    /// <summary>Resolve mode.</summary>
    public required Web3ResolveMode ResolveMode { get; init; }

    /// <summary>Call mode.</summary>
    public Web3CallMode CallMode { get; init; }

    /// <summary>Calldata in calldata mode (manual mode: the path and query bytes).</summary>
    public byte[] Calldata { get; init; } = [];

    /// <summary>Method name in method mode.</summary>
    public string? MethodName { get; init; }

    /// <summary>Method arguments in method mode.</summary>
    public IReadOnlyList<Web3Argument> MethodArgs { get; init; } = [];

    /// <summary>How the return bytes are processed.</summary>
    public Web3ReturnProcessing ReturnProcessing { get; init; }

    /// <summary>MIME type for decoded bytes; null when none applies (the gateway then sends no Content-Type).</summary>
    public string? MimeType { get; init; }

    /// <summary>Types of `?returns=(...)` for JSON encoding.</summary>
    public IReadOnlyList<Web3AbiType> ReturnTypes { get; init; } = [];

    /// <summary>The raw path (percent-encoding kept), "/" when the URL has none.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The raw query without '?', empty when none.</summary>
    public string Query { get; init; } = "";
}
