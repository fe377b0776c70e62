namespace Wsc.Chain.Rpc;

/// <summary>The node answered a JSON-RPC batch with one object instead of an array (batches disabled or too large).</summary>
internal sealed class BatchRefusedException : Exception
{
    public BatchRefusedException()
    {
    }

    public BatchRefusedException(string message) : base(message)
    {
    }

    public BatchRefusedException(string message, Exception inner) : base(message, inner)
    {
    }
}
