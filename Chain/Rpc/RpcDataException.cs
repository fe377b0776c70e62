namespace Wsc.Chain.Rpc;

/// <summary>
/// The node answered, but the content is wrong: a header that does not hash to its hash, receipts that do not match
/// the receipts root, malformed JSON. Never retried: asking again must not turn bad data into accepted data.
/// </summary>
public sealed class RpcDataException : Exception
{
    public RpcDataException(string message) : base(message)
    {
    }

    public RpcDataException(string message, Exception inner) : base(message, inner)
    {
    }

    public RpcDataException()
    {
    }
}
