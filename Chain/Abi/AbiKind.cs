namespace Wsc.Chain.Abi;

/// <summary>Families of ABI types.</summary>
public enum AbiKind
{
    UInt,
    Int,
    Address,
    Bool,
    FixedBytes,
    Bytes,
    String,
    Array,
}
