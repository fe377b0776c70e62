namespace Wsc.Grains.Storage;

/// <summary>0x-hex helpers for message fields (roots, seeds, signatures).</summary>
internal static class Hex0x
{
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Decodes 0x-hex of exactly <paramref name="length"/> bytes (any length when negative), naming <paramref name="what"/> on failure.</summary>
    public static byte[] Decode(string text, int length, string what)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.Ordinal) || (length >= 0 && text.Length != 2 + (2 * length)))
        {
            throw new ArgumentException($"{what} '{text}': expected 0x and {(length >= 0 ? (2 * length).ToString(System.Globalization.CultureInfo.InvariantCulture) : "an even number of")} hex digits");
        }
        try
        {
            return Convert.FromHexString(text.AsSpan(2));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{what} '{text}': not hex");
        }
    }
}
