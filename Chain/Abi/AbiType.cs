using System.Globalization;

namespace Wsc.Chain.Abi;

/// <summary>A parsed Solidity ABI type: uintN, intN, address, bool, bytesN, bytes, string and T[].</summary>
public sealed class AbiType
{
    private AbiType(string name, AbiKind kind, int bits, AbiType? element)
    {
        Name = name;
        Kind = kind;
        Bits = bits;
        Element = element;
    }

    /// <summary>Canonical name as used in signatures ("uint256", "bytes32", "address[]").</summary>
    public string Name { get; }

    public AbiKind Kind { get; }

    /// <summary>Width in bits for integers, bytes for bytesN.</summary>
    public int Bits { get; }

    /// <summary>Element type of a dynamic array.</summary>
    public AbiType? Element { get; }

    /// <summary>True if encoded out of line (bytes, string, T[]).</summary>
    public bool IsDynamic => Kind is AbiKind.Bytes or AbiKind.String or AbiKind.Array;

    /// <summary>Parses a type name; "uint" and "int" mean 256 bits.</summary>
    public static AbiType Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            var el = Parse(name[..^2]);
            return new AbiType(el.Name + "[]", AbiKind.Array, 0, el);
        }
        switch (name)
        {
            case "address":
                return new AbiType(name, AbiKind.Address, 160, null);
            case "bool":
                return new AbiType(name, AbiKind.Bool, 8, null);
            case "bytes":
                return new AbiType(name, AbiKind.Bytes, 0, null);
            case "string":
                return new AbiType(name, AbiKind.String, 0, null);
            case "uint":
                return new AbiType("uint256", AbiKind.UInt, 256, null);
            case "int":
                return new AbiType("int256", AbiKind.Int, 256, null);
        }
        if (name.StartsWith("uint", StringComparison.Ordinal) && TryWidth(name[4..], 8, 256, 8, out var ub))
        {
            return new AbiType(name, AbiKind.UInt, ub, null);
        }
        if (name.StartsWith("int", StringComparison.Ordinal) && TryWidth(name[3..], 8, 256, 8, out var ib))
        {
            return new AbiType(name, AbiKind.Int, ib, null);
        }
        if (name.StartsWith("bytes", StringComparison.Ordinal) && TryWidth(name[5..], 1, 32, 1, out var bb))
        {
            return new AbiType(name, AbiKind.FixedBytes, bb, null);
        }
        throw new FormatException($"ABI type '{name}' is not supported; expected uintN, intN, address, bool, bytesN, bytes, string or T[]");
    }

    private static bool TryWidth(string s, int min, int max, int step, out int width) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out width) && width >= min && width <= max && width % step == 0
        && s == width.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Name;
}
