namespace Wsc.Zk.Vm;

/// <summary>The 32-byte commitment to a program's initial memory image, entry pc and layout (see docs/zkvm.md).</summary>
public readonly record struct ImageId
{
    private readonly byte[]? bytes;

    /// <summary>Wraps a 32-byte digest.</summary>
    public ImageId(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
            throw new ArgumentException($"ImageId: expected 32 bytes, got {digest.Length}");
        bytes = digest.ToArray();
    }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Bytes => bytes ?? new byte[32];

    /// <summary>Parses "0x" followed by 64 hex digits.</summary>
    public static ImageId Parse(string hex)
    {
        var s = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (s.Length != 64)
            throw new FormatException($"ImageId: expected 0x and 64 hex digits, got '{hex}'");
        return new ImageId(Convert.FromHexString(s));
    }

    public bool Equals(ImageId other) => Bytes.SequenceEqual(other.Bytes);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes);

    /// <summary>"0x" and 64 lower-case hex digits.</summary>
    public override string ToString() => "0x" + Convert.ToHexStringLower(Bytes);
}
