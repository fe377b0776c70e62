namespace Wsc.Zk.Stark;

/// <summary>The outcome of verifying a proof: valid, or invalid with a one-line reason.</summary>
public sealed record VerificationResult(bool IsValid, string Reason)
{
    public static VerificationResult Valid { get; } = new(true, "valid");

    /// <summary>
    /// A valid proof's statement root (null without statement columns, a copy): what fixed its statement columns before
    /// any of its challenges, for a caller that binds several proofs together. The root pins the columns, not which AIR
    /// they belong to: a caller hashing roots into a shared challenge also hashes each proof's AIR (its key) and heights,
    /// and any selector or multiplicity its fingerprint uses must itself be a statement column.
    /// </summary>
    public byte[]? StatementRoot { get; init; }

    public static VerificationResult Invalid(string reason) => new(false, reason);
}
