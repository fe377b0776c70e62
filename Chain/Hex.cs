using System.Globalization;
using System.Numerics;

namespace Wsc.Chain;

/// <summary>Strict 0x-hex parsing and lowercase formatting for bytes and JSON-RPC quantities.</summary>
public static class Hex
{
    /// <summary>Lowercase 0x-prefixed hex of the bytes ("0x" for empty).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Parses "0x"-prefixed hex with an even number of digits; throws FormatException naming the input.</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = Strip(hex);
        if (digits.Length % 2 != 0)
        {
            throw new FormatException($"hex '{Short(hex)}' has an odd number of digits; expected whole bytes");
        }
        var bytes = new byte[digits.Length / 2];
        if (Convert.FromHexString(digits, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            throw new FormatException($"hex '{Short(hex)}' contains a non-hex character");
        }
        return bytes;
    }

    /// <summary>Parses hex into exactly <paramref name="destination"/>.Length bytes.</summary>
    public static void DecodeExact(string hex, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = Strip(hex);
        if (digits.Length != destination.Length * 2)
        {
            throw new FormatException($"hex '{Short(hex)}' has {digits.Length / 2.0} bytes; expected {destination.Length}");
        }
        if (Convert.FromHexString(digits, destination, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            throw new FormatException($"hex '{Short(hex)}' contains a non-hex character");
        }
    }

    /// <summary>Formats a JSON-RPC quantity: "0x0" or 0x followed by digits without leading zeros.</summary>
    public static string Quantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Formats a non-negative big integer as a JSON-RPC quantity.</summary>
    public static string Quantity(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "quantity must not be negative");
        }
        if (value.IsZero)
        {
            return "0x0";
        }
        return "0x" + Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
    }

    /// <summary>Parses a JSON-RPC quantity ("0x" + hex digits, no leading zeros except "0x0") that fits 64 bits.</summary>
    public static ulong ParseQuantity(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = CheckQuantity(hex);
        if (digits.Length > 16)
        {
            throw new FormatException($"quantity '{Short(hex)}' does not fit 64 bits");
        }
        // Hand-rolled: quantities are parsed for every receipt and log, BigInteger.Parse is far slower.
        ulong v = 0;
        foreach (var c in digits)
        {
            v = (v << 4) | (uint)HexDigit(c, hex);
        }
        return v;
    }

    private static ReadOnlySpan<char> CheckQuantity(string hex)
    {
        var digits = Strip(hex);
        if (digits.Length == 0)
        {
            throw new FormatException($"quantity '{hex}' has no digits; expected 0x followed by hex digits");
        }
        if (digits.Length > 1 && digits[0] == '0')
        {
            throw new FormatException($"quantity '{Short(hex)}' has a leading zero");
        }
        return digits;
    }

    private static int HexDigit(char c, string input) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => throw new FormatException($"quantity '{Short(input)}' contains a non-hex character"),
    };

    /// <summary>Parses a JSON-RPC quantity of any size.</summary>
    public static BigInteger ParseBigQuantity(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = CheckQuantity(hex);
        if (digits.Length <= 16)
        {
            return ParseQuantity(hex);
        }
        foreach (var c in digits)
        {
            HexDigit(c, hex);
        }
        // A leading 0 makes BigInteger.Parse treat the value as unsigned.
        return BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Big-endian minimal bytes of a non-negative integer (empty for zero), as RLP stores integers.</summary>
    public static byte[] MinimalBytes(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "value must not be negative");
        }
        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    private static ReadOnlySpan<char> Strip(string hex)
    {
        if (hex.Length < 2 || hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X'))
        {
            throw new FormatException($"hex '{Short(hex)}' lacks the 0x prefix");
        }
        return hex.AsSpan(2);
    }

    private static string Short(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
