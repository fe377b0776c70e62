using System.Runtime.InteropServices;

namespace Wsc.Zk.Crypto;

/// <summary>One 32-byte hash digest as four words, so digest arrays are indexed per digest rather than per byte.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Digest32
{
    public ulong W0, W1, W2, W3;

    /// <summary>The digest's 32 bytes in place.</summary>
    public static Span<byte> Bytes(ref Digest32 d) => MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref d, 1));
}
