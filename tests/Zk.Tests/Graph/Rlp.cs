namespace Wsc.Zk.Tests.Graph;

/// <summary>A minimal RLP encoder for building hand-made receipts and tries in tests.</summary>
internal static class Rlp
{
    public static byte[] Str(byte[] b) => b.Length == 1 && b[0] < 0x80 ? b : [.. Len(b.Length, 0x80), .. b];

    public static byte[] List(params byte[][] items)
    {
        byte[] payload = [.. items.SelectMany(i => i)];
        return [.. Len(payload.Length, 0xc0), .. payload];
    }

    public static byte[] Uint(ulong v) => Str(Trim(v));

    private static byte[] Trim(ulong v)
    {
        var b = new List<byte>();
        for (; v > 0; v >>= 8) b.Insert(0, (byte)v);
        return [.. b];
    }

    private static byte[] Len(int n, int offset) =>
        n < 56 ? [(byte)(offset + n)] : [(byte)(offset + 55 + Trim((ulong)n).Length), .. Trim((ulong)n)];
}
