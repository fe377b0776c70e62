namespace Wsc.Zk.Air;

/// <summary>
/// Column and constraint counts derived from a table's AIR, shared by prover and verifier. LogUp adds, per table with
/// K interactions in G = ⌈K / InteractionsPerAuxColumn⌉ groups, G+1 extension columns: h_g = Σ_(k∈g) ±m_k / (α − fingerprint_k)
/// and a running sum of all h.
/// </summary>
public sealed class TableLayout
{
    public TableAir Air { get; }
    public int PreprocessedWidth { get; }
    public int MainWidth { get; }

    /// <summary>The first main columns, committed in the statement tree (<see cref="TableAir.StatementWidth"/>).</summary>
    public int StatementWidth { get; }

    /// <summary>Main columns committed in the main tree: MainWidth − StatementWidth.</summary>
    public int MainTreeWidth => MainWidth - StatementWidth;

    /// <summary>Preprocessed + main: the base-field row frame handed to the AIR.</summary>
    public int FrameWidth { get; }

    public int InteractionCount { get; }

    /// <summary>Interactions summed per helper column (1 or 2).</summary>
    public int InteractionsPerAuxColumn { get; }

    /// <summary>Helper columns: ⌈interactions / InteractionsPerAuxColumn⌉.</summary>
    public int LogUpGroups { get; }

    /// <summary>Auxiliary extension columns (0 without interactions, else helper columns + 1 running sum).</summary>
    public int AuxExtWidth { get; }

    /// <summary>Auxiliary columns as committed: three base columns per extension column.</summary>
    public int AuxBaseWidth => 3 * AuxExtWidth;

    /// <summary>Every committed base column of the table: frame plus auxiliary.</summary>
    public int CommittedWidth => FrameWidth + AuxBaseWidth;

    public int TransitionCount { get; }

    /// <summary>Constraints that hold on every row, the last included.</summary>
    public int RowCount { get; }

    /// <summary>Largest constraint degree, including LogUp's degree-2 constraints.</summary>
    public int MaxDegree { get; }

    /// <summary>The quotient is evaluated on ω_M·H of QuotientFactor·height points: next power of two ≥ MaxDegree − 1 (needs blowup ≥ 2·QuotientFactor).</summary>
    public int QuotientFactor { get; }

    private TableLayout(TableAir air)
    {
        Air = air;
        PreprocessedWidth = air.PreprocessedWidth;
        MainWidth = air.MainWidth;
        StatementWidth = air.StatementWidth;
        FrameWidth = PreprocessedWidth + MainWidth;
        InteractionCount = air.Interactions.Count;
        InteractionsPerAuxColumn = air.InteractionsPerAuxColumn;
        LogUpGroups = (InteractionCount + InteractionsPerAuxColumn - 1) / InteractionsPerAuxColumn;
        AuxExtWidth = InteractionCount == 0 ? 0 : LogUpGroups + 1;
        TransitionCount = air.TransitionDegrees.Count;
        RowCount = air.RowDegrees.Count;
        MaxDegree = Math.Max(1, air.TransitionDegrees.Concat(air.RowDegrees).DefaultIfEmpty(1).Max());
        if (InteractionCount > 0) MaxDegree = Math.Max(MaxDegree, InteractionsPerAuxColumn == 2 && InteractionCount > 1 ? 3 : 2);
        int qf = 1;
        while (qf < MaxDegree - 1) qf <<= 1;
        QuotientFactor = qf;
    }

    public static TableLayout[] For(AirSystem system) => [.. system.Tables.Select(t => new TableLayout(t))];
}
