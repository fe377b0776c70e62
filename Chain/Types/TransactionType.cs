namespace Wsc.Chain.Types;

/// <summary>EIP-2718 transaction envelope types.</summary>
public enum TransactionType : byte
{
    Legacy = 0,
    AccessList = 1,
    DynamicFee = 2,
    Blob = 3,
    SetCode = 4,
}
