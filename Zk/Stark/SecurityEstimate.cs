namespace Wsc.Zk.Stark;

/// <summary>
/// Security of a proof's options in bits: conjectured (ethSTARK Conjecture 1, Winterfell's formula), proven in the
/// list-decoding regime up to the Johnson bound, and proven in the unique-decoding regime.
/// </summary>
public static class SecurityEstimate
{
    /// <summary>Bits of the cubic extension field challenges are drawn from (|F| ≈ 2^192).</summary>
    public const int ExtensionFieldBits = 192;

    /// <summary>SHA-256 collision resistance caps every estimate.</summary>
    public const int HashCollisionBits = 128;

    /// <summary>
    /// Terms batched by powers of one challenge (constraints by λ, committed columns by γ) that the proven bounds
    /// charge for: each costs a factor (terms − 1) on the batching error. 2^10 covers every AIR up to ~1000 columns
    /// and constraints; a larger one loses log2 of the excess.
    /// </summary>
    public const int BatchedTermsBound = 1 << 10;

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
    /// Proven round-by-round soundness in the list-decoding regime (Johnson bound), after Theorem 2 of eprint 2024/1553
    /// (built on Theorem 8 of eprint 2022/1216, Haböck, and the DEEP-ALI analysis of ethSTARK, eprint 2021/582), maximised
    /// over the proximity parameter m ≥ 3. With ρ = 1/blowup, n = trace size, D = |LDE| = n/ρ, |F| = 2^192:
    /// <list type="bullet">
    /// <item>list size L = m / (ρ − 2m/D) (words within 1 − √ρ·(1 + 1/2m) of the code);</item>
    /// <item>ALI (constraints batched by powers of λ): ε₁ = B·L / |F|;</item>
    /// <item>DEEP: ε₂ = L²·(d·(n + 1) + (n − 1)) / |F|, with the constraint degree d bounded by blowup + 1;</item>
    /// <item>FRI commit phase (first term of Haböck's eq. 7, the dominant one; folding by F and batching B columns by
    /// powers multiply it): ε₃ = B·(F − 1)·(m + ½)^7 / (2·ρ^(3/2)) · D² / |F|;</item>
    /// <item>FRI query phase with grinding g: ε₄ = (√ρ·(1 + 1/2m))^queries · 2^−g.</item>
    /// </list>
    /// The bits are −log2 of the largest εᵢ, capped by the hash, where B = <see cref="BatchedTermsBound"/>.
    /// </summary>
    public static int ProvenBits(ProofOptions options, int logLdeSize)
    {
        double best = 0;
        for (int m = 3; m <= 1000; m++) best = Math.Max(best, ProvenBitsFor(options, logLdeSize, m));
        return (int)Math.Floor(Math.Min(best, HashCollisionBits));
    }

    private static double ProvenBitsFor(ProofOptions options, int logLdeSize, int m)
    {
        double rho = 1.0 / options.Blowup;
        double lde = Math.Pow(2, logLdeSize), n = lde * rho;
        double slack = rho - 2.0 * m / lde;
        if (slack <= 0) return 0;
        double list = m / slack;
        double batch = Math.Log2(BatchedTermsBound);
        double ali = ExtensionFieldBits - batch - Math.Log2(list);
        double maxDegree = options.Blowup + 1;
        double deep = ExtensionFieldBits - Math.Log2(list * list * (maxDegree * (n + 1) + (n - 1)));
        double commit = ExtensionFieldBits - batch - Math.Log2(options.FoldingFactor - 1)
            - Math.Log2(Math.Pow(m + 0.5, 7) / (2 * Math.Pow(rho, 1.5)) * lde * lde);
        double query = options.GrindingBits - options.Queries * Math.Log2(Math.Sqrt(rho) * (1 + 0.5 / m));
        return Math.Min(Math.Min(ali, deep), Math.Min(commit, query));
    }

    /// <summary>
    /// A proven lower bound in the unique-decoding regime: each query catches a word δ = (1 − ρ)/2 far from the code with
    /// probability δ, so queries contribute −log2(1 − δ) bits each (plus grinding); the algebraic terms (DEEP, FRI
    /// commit phase, LogUp) cost ≤ log2(|LDE|·degree·constraints) bits off the extension field.
    /// </summary>
    public static int UniqueDecodingBits(ProofOptions options, int logLdeSize)
    {
        double rho = 1.0 / options.Blowup;
        double delta = (1 - rho) / 2;
        double query = options.Queries * -Math.Log2(1 - delta) + options.GrindingBits;
        double field = ExtensionFieldBits - 2 * logLdeSize - 8;
        return (int)Math.Floor(Math.Min(Math.Min(query, field), HashCollisionBits));
    }
}
