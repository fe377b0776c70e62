using Wsc.Zk.Stark;

namespace Wsc.Grains.Proving;

/// <summary>The `Proving` configuration section.</summary>
public sealed class ProvingOptions
{
    /// <summary>
    /// Start proof jobs for zkGraph outputs (graphs choose with their manifest's `proving`), and hold a proving graph's
    /// destinations until its receipt verifies. Off by default: a proof of an example graph's run takes seconds of both
    /// cores and 1.6-2 MB (docs/zkvm.md), so on a small development box with 1-second blocks and four graphs proving
    /// could never keep up; switch it on where provers can (several silos, slower blocks, or graphs on everyNBlocks).
    /// Jobs started directly (IProofJobGrain) run either way.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Segments hold 2^SegmentLog2 cycles.</summary>
    public int SegmentLog2 { get; set; } = 20;

    /// <summary>Segments proving at once on one silo (0: one per core).</summary>
    public int Concurrency { get; set; }

    /// <summary>Jobs proving at once in the cluster; further jobs wait (queued) with the reason visible.</summary>
    public int MaxQueuedJobs { get; set; } = 8;

    /// <summary>Prover grain keys (`prover/0` .. `prover/{Width-1}`), spread across silos by the placement.</summary>
    public int Width { get; set; } = 16;

    /// <summary>Rejected proofs of a segment before its job fails (a prover lost with its silo gets 20 times as many attempts).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Cycles after which a run traps (and its job fails).</summary>
    public long MaxCycles { get; set; } = 200_000_000;

    /// <summary>FRI blowup, queries, grinding bits, folding factor, remainder size of every proof (default: <see cref="ProofOptions.Default"/>).</summary>
    public int Blowup { get; set; } = Wsc.Zk.Stark.ProofOptions.Default.Blowup;

    public int Queries { get; set; } = Wsc.Zk.Stark.ProofOptions.Default.Queries;

    public int GrindingBits { get; set; } = Wsc.Zk.Stark.ProofOptions.Default.GrindingBits;

    public int FoldingFactor { get; set; } = Wsc.Zk.Stark.ProofOptions.Default.FoldingFactor;

    public int RemainderSize { get; set; } = Wsc.Zk.Stark.ProofOptions.Default.RemainderSize;

    /// <summary>How often a job's loop looks at its segments and the queue (a result wakes it sooner).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a segment may be with a prover (waiting for a slot there included) before its job takes it as lost and
    /// hands it out again: a prover's answer lost in a roll or a crash would otherwise hold the segment for the call's
    /// hour-long response timeout. Long enough for a segment of 2^SegmentLog2 cycles on a busy silo.
    /// </summary>
    public TimeSpan SegmentTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The proof options every silo proves and verifies with.</summary>
    public ProofOptions Proof() => new(Blowup, Queries, GrindingBits, FoldingFactor, RemainderSize);

    /// <summary>Throws with the offending key when a value is out of range.</summary>
    public void Validate()
    {
        if (SegmentLog2 < 4 || SegmentLog2 > 24)
        {
            throw new ArgumentException($"Proving:SegmentLog2 {SegmentLog2}: expected 4..24");
        }
        if (Concurrency < 0)
        {
            throw new ArgumentException($"Proving:Concurrency {Concurrency}: expected 0 (one per core) or more");
        }
        if (MaxQueuedJobs < 1)
        {
            throw new ArgumentException($"Proving:MaxQueuedJobs {MaxQueuedJobs}: expected at least 1");
        }
        if (Width < 1)
        {
            throw new ArgumentException($"Proving:Width {Width}: expected at least 1");
        }
        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"Proving:MaxAttempts {MaxAttempts}: expected at least 1");
        }
        if (MaxCycles < 1)
        {
            throw new ArgumentException($"Proving:MaxCycles {MaxCycles}: expected at least 1");
        }
        if (Proof().Validate() is { } bad)
        {
            throw new ArgumentException("Proving: " + bad);
        }
        if (SegmentTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Proving:SegmentTimeout {SegmentTimeout}: expected a positive time");
        }
        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Proving:PollInterval {PollInterval}: expected a positive time");
        }
    }
}
