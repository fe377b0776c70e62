namespace Wsc.Zk.Stark;

/// <summary>The outcome of verifying a proof: valid, or invalid with a one-line reason.</summary>
public sealed record VerificationResult(bool IsValid, string Reason)
{
    public static VerificationResult Valid { get; } = new(true, "valid");

    public static VerificationResult Invalid(string reason) => new(false, reason);
}
