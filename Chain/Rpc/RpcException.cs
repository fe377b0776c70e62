namespace Wsc.Chain.Rpc;

/// <summary>The node answered with a JSON-RPC error object.</summary>
public sealed class RpcException : Exception
{
    public RpcException(string method, long code, string rpcMessage)
        : base($"{method} failed: JSON-RPC error {code}: {rpcMessage}")
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
    }

    public RpcException()
    {
        Method = RpcMessage = "";
    }

    public RpcException(string message) : base(message)
    {
        Method = RpcMessage = "";
    }

    public RpcException(string message, Exception inner) : base(message, inner)
    {
        Method = RpcMessage = "";
    }

    /// <summary>The method called.</summary>
    public string Method { get; }

    /// <summary>The JSON-RPC error code.</summary>
    public long Code { get; }

    /// <summary>The node's error message.</summary>
    public string RpcMessage { get; }
}
