namespace Wsc.Zk.Stark;

/// <summary>Security of a proof's options in bits: conjectured (ethSTARK/Winterfell style) and proven (unique-decoding FRI bound).</summary>
public static class SecurityEstimate
{
    /// <summary>Bits of the cubic extension field challenges are drawn from.</summary>
    public const int ExtensionFieldBits = 192;

    /// <summary>SHA-256 collision resistance caps every estimate.</summary>
    public const int HashCollisionBits = 128;

    /// <summary>
    /// Winterfell's conjectured estimate: min(field bits − log2|LDE|, queries·log2(blowup) + grinding) − 1, capped by the
    /// hash. It rests on the ethSTARK conjecture that FRI is sound up to the list-decoding capacity.
    /// </summary>
    public static int ConjecturedBits(ProofOptions options, int logLdeSize)
    {
        int field = ExtensionFieldBits - logLdeSize;
        int query = options.Queries * System.Numerics.BitOperations.Log2((uint)options.Blowup) + options.GrindingBits;
        return Math.Min(Math.Min(field, query) - 1, HashCollisionBits);
    }

    /// <summary>
    /// A proven lower bound in the unique-decoding regime: each query catches a word δ = (1 − ρ)/2 far from the code with
    /// probability δ, so queries contribute −log2(1 − δ) bits each (plus grinding); the algebraic terms (DEEP, FRI
    /// commit phase, LogUp) cost ≤ log2(|LDE|·degree·constraints) bits off the extension field.
    /// </summary>
    public static int ProvenBits(ProofOptions options, int logLdeSize)
    {
        double rho = 1.0 / options.Blowup;
        double delta = (1 - rho) / 2;
        double query = options.Queries * -Math.Log2(1 - delta) + options.GrindingBits;
        double field = ExtensionFieldBits - 2 * logLdeSize - 8;
        return (int)Math.Floor(Math.Min(Math.Min(query, field), HashCollisionBits));
    }
}
