namespace Wsc.Chain.Rlp;

/// <summary>Input is not canonical RLP of the expected shape; the message says what was wrong, in one line.</summary>
public sealed class RlpException : FormatException
{
    public RlpException(string message) : base(message)
    {
    }

    public RlpException(string message, Exception inner) : base(message, inner)
    {
    }

    public RlpException()
    {
    }
}
