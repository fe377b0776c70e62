namespace Wsc.Storage.Web3;

/// <summary>
/// One auto-mode method argument: its ABI type and value — <see cref="System.Numerics.BigInteger"/> for (u)intN,
/// byte[] for bytes and bytesN, string for string and address (0x-hex), bool for bool.
/// </summary>
public sealed record Web3Argument(Web3AbiType Type, object Value);
