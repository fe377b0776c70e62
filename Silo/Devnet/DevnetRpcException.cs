namespace Wsc.Silo.Devnet;

/// <summary>A JSON-RPC call of the devnet failed (error response or malformed answer).</summary>
public sealed class DevnetRpcException(string message) : Exception(message);
