namespace Wsc.Zk.Stark;

/// <summary>
/// The knobs of one proof: LDE blowup, FRI queries, proof-of-work grinding bits, FRI folding factor and the size of
/// the final FRI polynomial sent in clear. The security they give is <see cref="SecurityEstimate"/>.
/// </summary>
public sealed record ProofOptions(int Blowup = 4, int Queries = 44, int GrindingBits = 16, int FoldingFactor = 8, int RemainderSize = 32)
{
    /// <summary>Blowup 4, 44 queries, 16 grinding bits, folding 8, remainder 32: 103 conjectured bits.</summary>
    public static ProofOptions Default { get; } = new();

    /// <summary>
    /// ≥ 100 proven bits (list decoding up to the Johnson bound, <see cref="SecurityEstimate.ProvenBits"/>) for LDE
    /// domains up to 2^26 (tables up to 2^24 rows): blowup 4, 88 queries, 20 grinding bits. Same LDE as the default, so
    /// proving costs about the same; the proof carries twice the query openings.
    /// </summary>
    public static ProofOptions Proven100 { get; } = new(Blowup: 4, Queries: 88, GrindingBits: 20);

    /// <summary>Checks every field; returns an error naming the bad one, or null.</summary>
    public string? Validate()
    {
        if (Blowup < 2 || Blowup > 64 || !IsPow2(Blowup)) return $"blowup must be a power of two in 2..64, got {Blowup}";
        if (Queries < 1 || Queries > 512) return $"queries must be in 1..512, got {Queries}";
        if (GrindingBits < 0 || GrindingBits > 32) return $"grinding bits must be in 0..32, got {GrindingBits}";
        if (FoldingFactor < 2 || FoldingFactor > 16 || !IsPow2(FoldingFactor)) return $"folding factor must be 2, 4, 8 or 16, got {FoldingFactor}";
        if (RemainderSize < 1 || RemainderSize > 4096 || !IsPow2(RemainderSize)) return $"remainder size must be a power of two in 1..4096, got {RemainderSize}";
        return null;
    }

    private static bool IsPow2(int x) => x > 0 && (x & (x - 1)) == 0;
}
