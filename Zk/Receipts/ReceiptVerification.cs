namespace Wsc.Zk.Receipts;

/// <summary>The verdict on a receipt: the facts when valid, else a one-line reason.</summary>
public sealed record ReceiptVerification(bool IsValid, string Reason, ReceiptFacts? Facts)
{
    public static ReceiptVerification Invalid(string reason) => new(false, reason, null);
}
