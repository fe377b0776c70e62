namespace Wsc.Storage.Web3;

/// <summary>ERC-6860 resolve mode, chosen by the contract's resolveMode() answer.</summary>
public enum Web3ResolveMode
{
    /// <summary>The path names a method and typed arguments.</summary>
    Auto,

    /// <summary>The whole path and query are the calldata.</summary>
    Manual,

    /// <summary>ERC-6944/ERC-5219 resource requests (parsed, not served here).</summary>
    ResourceRequest,
}

/// <summary>How the contract is called.</summary>
public enum Web3CallMode
{
    /// <summary>Raw calldata (manual mode, or auto mode with an empty path).</summary>
    Calldata,

    /// <summary>An ABI method call with typed arguments.</summary>
    Method,
}

/// <summary>What happens to the bytes the contract returns.</summary>
public enum Web3ReturnProcessing
{
    /// <summary>ABI-decode one `bytes` value and serve it with the MIME type.</summary>
    DecodeAbiEncodedBytes,

    /// <summary>`?returns=()`: the raw return bytes as a JSON hex string.</summary>
    JsonEncodeRawBytes,

    /// <summary>`?returns=(types)`: ABI-decode those values and serve them as JSON.</summary>
    JsonEncodeValues,

    /// <summary>ERC-5219 response processing.</summary>
    DecodeErc5219Request,
}
