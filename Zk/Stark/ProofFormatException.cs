namespace Wsc.Zk.Stark;

/// <summary>The bytes are not a well-formed proof; the message names the field and what was expected.</summary>
public sealed class ProofFormatException : Exception
{
    public ProofFormatException(string message) : base(message) { }
    public ProofFormatException() { }
    public ProofFormatException(string message, Exception inner) : base(message, inner) { }
}
