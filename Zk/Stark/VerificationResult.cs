namespace Wsc.Zk.Stark;

/// <summary>The outcome of verifying a proof: valid, or invalid with a one-line reason.</summary>
public sealed record VerificationResult(bool IsValid, string Reason)
{
    public static VerificationResult Valid { get; } = new(true, "valid");

    /// <summary>
    /// A valid proof's statement root (null without statement columns): what fixed its statement columns before any of
    /// its challenges, for a caller that binds several proofs together.
    /// </summary>
    public byte[]? StatementRoot { get; init; }

    public static VerificationResult Invalid(string reason) => new(false, reason);
}
