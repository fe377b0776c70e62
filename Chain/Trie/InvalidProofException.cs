namespace Wsc.Chain.Trie;

/// <summary>A Merkle proof does not prove what it claims; the message names the failing step.</summary>
public sealed class InvalidProofException : Exception
{
    public InvalidProofException(string message) : base(message)
    {
    }

    public InvalidProofException(string message, Exception inner) : base(message, inner)
    {
    }

    public InvalidProofException()
    {
    }
}
