namespace Wsc.Zk.Vm;

/// <summary>The hash behind image ids: a seam so the image commitment can follow the proof system's hash choice.</summary>
public interface IMerkleHasher
{
    /// <summary>A short name recorded next to commitments, e.g. "sha256".</summary>
    string Name { get; }

    /// <summary>Writes the 32-byte digest of <paramref name="data"/> into <paramref name="digest"/>.</summary>
    void Hash(ReadOnlySpan<byte> data, Span<byte> digest);
}
