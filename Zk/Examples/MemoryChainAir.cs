using Wsc.Zk.Air;

namespace Wsc.Zk.Examples;

/// <summary>
/// A memory-like state handed from one proof to the next through public bus terms. The state is `Cells` values; the
/// public inputs are the state a segment receives followed by the state it leaves. The statement sends each received
/// cell (address, value) on the bus and receives each left cell; every table row is an update that receives a cell's
/// old value and sends its new one (after = before + step). The bus balances exactly when the updates lead from the
/// received state to the left one, so two segments chain when the first one's left state is the second's received
/// state. (An example of public terms, not a full memory argument: it orders no accesses in time.)
/// </summary>
public static class MemoryChainAir
{
    public const int Bus = 0;

    /// <summary>Number of memory cells.</summary>
    public const int Cells = 4;

    /// <summary>Columns (active, address, before, after, step); inactive rows pad the table to a power of two.</summary>
    public sealed class UpdatesTable : TableAir
    {
        public override string Name => "updates";
        public override int MainWidth => 5;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        {
        }

        public override IReadOnlyList<int> RowDegrees { get; } = [2, 1];

        public override void EvaluateRow<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> periodic, Span<T> result)
        {
            result[0] = current[0] * (current[0] - T.One);
            result[1] = current[3] - current[2] - current[4];
        }

        public override IReadOnlyList<Interaction> Interactions { get; } =
        [
            Interaction.Receive(Bus, 0, 1, 2),
            Interaction.Send(Bus, 0, 1, 3),
        ];

        public override IReadOnlyList<PublicInteraction> PublicInteractions(ReadOnlySpan<ulong> publicInputs)
        {
            if (publicInputs.Length != 2 * Cells) throw new ArgumentException($"memory chain: expected {2 * Cells} public inputs (received then left state), got {publicInputs.Length}", nameof(publicInputs));
            var terms = new List<PublicInteraction>(2 * Cells);
            for (int a = 0; a < Cells; a++) terms.Add(PublicInteraction.Send(Bus, 1, (ulong)a, publicInputs[a]));
            for (int a = 0; a < Cells; a++) terms.Add(PublicInteraction.Receive(Bus, 1, (ulong)a, publicInputs[Cells + a]));
            return terms;
        }
    }

    public static AirSystem System() => new("memory-chain", [new UpdatesTable()]);

    /// <summary>The trace of applying `updates` (address, step) to `received`, and the public inputs (received ‖ left).</summary>
    public static (ulong[][] Trace, ulong[] PublicInputs) Segment(IReadOnlyList<ulong> received, IReadOnlyList<(int Address, ulong Step)> updates)
    {
        if (received.Count != Cells) throw new ArgumentException($"memory chain: the state has {Cells} cells, got {received.Count}", nameof(received));
        int n = 2;
        while (n < updates.Count) n <<= 1;
        var cols = new ulong[5][];
        for (int c = 0; c < 5; c++) cols[c] = new ulong[n];
        var state = received.ToArray();
        for (int i = 0; i < updates.Count; i++)
        {
            var (a, step) = updates[i];
            ulong after = Field.Goldilocks.Add(state[a], step);
            cols[0][i] = 1;
            cols[1][i] = (ulong)a;
            cols[2][i] = state[a];
            cols[3][i] = after;
            cols[4][i] = step;
            state[a] = after;
        }
        return (cols, [.. received, .. state]);
    }
}
