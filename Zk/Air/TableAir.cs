using Wsc.Zk.Field;

namespace Wsc.Zk.Air;

/// <summary>
/// The algebraic description of one table of a proof: its columns, constraints and bus interactions.
/// A row frame is [preprocessed..., main...]; the prover never needs to know more about a table than this.
/// </summary>
public abstract class TableAir
{
    /// <summary>A name unique within the system; bound into the transcript.</summary>
    public abstract string Name { get; }

    /// <summary>Number of main (witness) columns.</summary>
    public abstract int MainWidth { get; }

    /// <summary>Number of preprocessed (fixed, verifier-known) columns; they come first in the frame.</summary>
    public virtual int PreprocessedWidth => 0;

    /// <summary>
    /// The first StatementWidth main columns are the table's statement columns: the prover commits them in a tree of their
    /// own before anything else (the proof's statement root, absorbed first and returned by the verifier), so a caller can
    /// fix them, through that root, before it derives a challenge from several proofs (a bus across proofs). At least one
    /// main column stays outside. 0 by default.
    /// </summary>
    public virtual int StatementWidth => 0;

    /// <summary>When set, the table must have exactly 2^FixedLogHeight rows (required with preprocessed columns).</summary>
    public virtual int? FixedLogHeight => null;

    /// <summary>The preprocessed columns for a table of `height` rows (PreprocessedWidth arrays of `height` values).</summary>
    public virtual ulong[][] GeneratePreprocessed(int height) => [];

    /// <summary>Periodic columns: each array (power-of-two length dividing the height) repeats down the table.</summary>
    public virtual IReadOnlyList<ulong[]> PeriodicColumns => [];

    /// <summary>
    /// Indexes of public inputs the constraints read as constants: after the periodic values, the `periodic` span holds
    /// these public inputs in this order. Sound because the transcript absorbs the public inputs before any challenge;
    /// it spares a table the constant columns (and their openings) it would otherwise pin to the public inputs.
    /// </summary>
    public virtual IReadOnlyList<int> PublicConstants => [];

    /// <summary>
    /// The periodic columns followed by one constant (length-1) column per public constant: what the `periodic` span of
    /// the constraint evaluators holds. Throws ArgumentException when a public constant's index is past the inputs.
    /// </summary>
    public IReadOnlyList<ulong[]> PeriodicAndPublic(ReadOnlySpan<ulong> publicInputs)
    {
        var constants = PublicConstants;
        if (constants.Count == 0) return PeriodicColumns;
        var all = new List<ulong[]>(PeriodicColumns);
        foreach (int i in constants)
        {
            if (i < 0 || i >= publicInputs.Length) throw new ArgumentException($"table '{Name}': public constant {i} is past the {publicInputs.Length} public inputs");
            all.Add([publicInputs[i]]);
        }
        return all;
    }

    /// <summary>The degree of each transition constraint in the trace columns; the count is the number of constraints.</summary>
    public abstract IReadOnlyList<int> TransitionDegrees { get; }

    /// <summary>
    /// Writes each transition constraint's value for a row pair; all must be zero on every row but the last.
    /// Called over the base field (prover) and the extension field (verifier): write it once, generically.
    /// </summary>
    public abstract void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        where T : struct, IFieldElement<T>;

    /// <summary>The degree of each row constraint; the count is the number of constraints (none by default).</summary>
    public virtual IReadOnlyList<int> RowDegrees => [];

    /// <summary>
    /// Writes each row constraint's value for one row; all must be zero on every row, the last included (use these for
    /// per-row facts such as booleanity, which transition constraints leave unchecked on the last row).
    /// </summary>
    public virtual void EvaluateRow<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> periodic, Span<T> result)
        where T : struct, IFieldElement<T>
    {
    }

    /// <summary>Boundary constraints on main columns, given the public inputs and the table height.</summary>
    public virtual IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) => [];

    /// <summary>
    /// LogUp helper columns each sum this many interactions: 1 (constraints of degree 2) or 2 (half the auxiliary
    /// columns, constraints of degree 3, which the default blowup 4 carries).
    /// </summary>
    public virtual int InteractionsPerAuxColumn => 1;

    /// <summary>Bus and lookup interactions (LogUp); the auxiliary columns are derived from them after the challenges.</summary>
    public virtual IReadOnlyList<Interaction> Interactions => [];

    /// <summary>
    /// Bus terms computed from the public inputs (none by default): the verifier adds them to the bus total, so tables
    /// can receive values the statement gives and send values the statement takes. Each tuple must have as many values
    /// as the table interactions on its bus; values and multiplicities are reduced mod p.
    /// </summary>
    public virtual IReadOnlyList<PublicInteraction> PublicInteractions(ReadOnlySpan<ulong> publicInputs) => [];

    /// <summary>
    /// Runs of public bus terms whose values are slices of the public inputs (<see cref="PublicRun"/>): the cheap form
    /// of many (position, value) terms. They join <see cref="PublicInteractions"/> on the bus total.
    /// </summary>
    public virtual IReadOnlyList<PublicRun> PublicRuns(ReadOnlySpan<ulong> publicInputs) => [];

    /// <summary>Whether the table puts anything on a bus from the public inputs.</summary>
    public bool HasPublicTerms(ReadOnlySpan<ulong> publicInputs) => PublicInteractions(publicInputs).Count > 0 || PublicRuns(publicInputs).Count > 0;
}
