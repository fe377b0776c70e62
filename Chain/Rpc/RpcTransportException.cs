namespace Wsc.Chain.Rpc;

/// <summary>The HTTP exchange failed (connection, status 429/5xx); retried by the pipeline.</summary>
public sealed class RpcTransportException : Exception
{
    public RpcTransportException(string message) : base(message)
    {
    }

    public RpcTransportException(string message, Exception inner) : base(message, inner)
    {
    }

    public RpcTransportException()
    {
    }
}
