using Wsc.Zk.Air;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>The transcript starts from the whole statement: AIRs that differ in any one part draw different challenges.</summary>
public sealed class StatementBindingTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    /// <summary>A one-table AIR whose every part is a knob.</summary>
    private sealed record Knobs(
        int Width = 3,
        int Degree = 2,
        ulong Factor = 1,
        ulong Periodic = 5,
        ulong Preprocessed = 0,
        int Bus = 0,
        ulong Coefficient = 1,
        ulong Boundary = 7,
        ulong PublicTerm = 9,
        int PublicConstant = -1,
        ulong RunFirst = 3);

    private sealed class ProbeTable(Knobs k) : TableAir
    {
        public override string Name => "probe";
        public override int MainWidth => k.Width;
        public override int PreprocessedWidth => 1;
        public override int? FixedLogHeight => 3;
        public override ulong[][] GeneratePreprocessed(int height) => [[.. Enumerable.Range(0, height).Select(i => (ulong)i + k.Preprocessed)]];
        public override IReadOnlyList<ulong[]> PeriodicColumns => [[1, k.Periodic]];
        public override IReadOnlyList<int> TransitionDegrees => [k.Degree];
        public override IReadOnlyList<int> PublicConstants => k.PublicConstant < 0 ? [] : [k.PublicConstant];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            result[0] = next[1] - current[1] * current[2] * T.FromBase(k.Factor) - periodic[0];

        public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
            [new(0, BoundaryRow.First, k.Boundary)];

        public override IReadOnlyList<Interaction> Interactions =>
            [Interaction.Send(k.Bus, LinearExpression.Const(1), LinearExpression.Combination(0, (1, k.Coefficient)))];

        public override IReadOnlyList<PublicInteraction> PublicInteractions(ReadOnlySpan<ulong> publicInputs) =>
            [PublicInteraction.Receive(k.Bus, 1, k.PublicTerm)];

        public override IReadOnlyList<PublicRun> PublicRuns(ReadOnlySpan<ulong> publicInputs) => [new PublicRun(k.Bus, false, k.RunFirst, 0, 2)];
    }

    private static Ext3 FirstChallenge(Knobs k, ProofOptions? options = null)
    {
        var air = new AirSystem("probe", [new ProbeTable(k)]);
        options ??= Options;
        var key = VerifyingKey.Create(air, [3], options);
        return ProtocolTranscript.Start(key.AirDigest, air, options, [key.PreprocessedRoot!], [3], [1, 2]).DrawExt();
    }

    private static readonly Ext3 Baseline = FirstChallenge(new Knobs());

    [Fact]
    public void The_same_statement_draws_the_same_challenge() => Assert.Equal(Baseline, FirstChallenge(new Knobs()));

    [Fact]
    public void Table_width_is_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(Width: 4)));

    [Fact]
    public void Constraint_degree_is_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(Degree: 3)));

    [Fact]
    public void Constraint_evaluation_is_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(Factor: 2)));

    [Fact]
    public void Periodic_columns_are_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(Periodic: 6)));

    [Fact]
    public void Preprocessed_columns_are_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(Preprocessed: 1)));

    [Fact]
    public void Interaction_bus_is_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(Bus: 1)));

    [Fact]
    public void Interaction_expression_is_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(Coefficient: 2)));

    [Fact]
    public void Boundary_constraints_evaluated_on_the_public_inputs_are_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(Boundary: 8)));

    [Fact]
    public void Public_bus_terms_are_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(PublicTerm: 10)));

    [Fact]
    public void Public_runs_are_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(RunFirst: 4)));

    [Fact]
    public void Public_constants_the_constraints_read_are_bound()
    {
        Assert.NotEqual(Baseline, FirstChallenge(new Knobs(PublicConstant: 0)));
        Assert.NotEqual(FirstChallenge(new Knobs(PublicConstant: 0)), FirstChallenge(new Knobs(PublicConstant: 1)));
    }

    [Fact]
    public void Proof_options_are_bound() => Assert.NotEqual(Baseline, FirstChallenge(new Knobs(), Options with { GrindingBits = Options.GrindingBits + 1 }));

    [Fact]
    public void A_reduced_alias_of_a_value_binds_as_the_value()
    {
        // Values are bound as the field elements the constraints see, so 7 and 7 + p are one statement, not two.
        Assert.Equal(Baseline, FirstChallenge(new Knobs(Boundary: 7 + Goldilocks.P)));
    }
}
