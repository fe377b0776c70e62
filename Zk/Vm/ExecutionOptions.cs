namespace Wsc.Zk.Vm;

/// <summary>Limits and recording switches for one run.</summary>
public sealed record ExecutionOptions
{
    /// <summary>Cycles (retired instructions) after which the run traps.</summary>
    public long MaxCycles { get; init; } = 1L << 32;

    /// <summary>Largest output (journal) in bytes.</summary>
    public int MaxOutputBytes { get; init; } = 1 << 20;

    /// <summary>Record the execution trace for the prover.</summary>
    public bool RecordTrace { get; init; }

    /// <summary>Trace segments hold 2^SegmentCyclesLog2 cycles (the last may hold fewer).</summary>
    public int SegmentCyclesLog2 { get; init; } = 20;

    /// <summary>Where debug prints go (null: discarded). Not part of the proof.</summary>
    public TextWriter? Debug { get; init; }

    /// <summary>Defaults: 2^32 cycles, 1 MiB output, no trace.</summary>
    public static ExecutionOptions Default { get; } = new();
}
