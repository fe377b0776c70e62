namespace Wsc.Chain.Crypto;

/// <summary>A signature is malformed or does not verify; the message says which check failed.</summary>
public sealed class SignatureException : Exception
{
    public SignatureException(string message) : base(message)
    {
    }

    public SignatureException(string message, Exception inner) : base(message, inner)
    {
    }

    public SignatureException()
    {
    }
}
