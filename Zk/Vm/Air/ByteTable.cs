using Wsc.Zk.Field;
using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// Every byte pair (x, y) with x&amp;y, x|y, x^y and 2^(x mod 32) as preprocessed columns (2^16 rows), and one
/// multiplicity column per <see cref="ByteOp"/>: bitwise lookups, 16-bit and byte range checks, powers of two.
/// </summary>
public sealed class ByteTable : TableAir
{
    public const int X = 0, Y = 1, And = 2, Or = 3, Xor = 4, Pow = 5, PrepWidth = 6;

    /// <summary>Frame indexes of the multiplicity columns.</summary>
    public const int MAnd = 6, MOr = 7, MXor = 8, MU16 = 9, MPow = 10, MU8 = 11;

    public override string Name => "bytes";
    public override int MainWidth => 6;
    public override int PreprocessedWidth => PrepWidth;
    public override int? FixedLogHeight => 16;
    public override int InteractionsPerAuxColumn => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        Interaction.Receive(VmBus.Byte, MAnd, LinearExpression.Const(ByteOp.And), X, Y, And),
        Interaction.Receive(VmBus.Byte, MOr, LinearExpression.Const(ByteOp.Or), X, Y, Or),
        Interaction.Receive(VmBus.Byte, MXor, LinearExpression.Const(ByteOp.Xor), X, Y, Xor),
        Interaction.Receive(VmBus.Byte, MU16, LinearExpression.Const(ByteOp.U16), LinearExpression.Combination(0, (X, 256), (Y, 1)), LinearExpression.Const(0), LinearExpression.Const(0)),
        Interaction.Receive(VmBus.Byte, MPow, LinearExpression.Const(ByteOp.Pow), X, Y, Pow),
        Interaction.Receive(VmBus.Byte, MU8, LinearExpression.Const(ByteOp.U8), X, Y, LinearExpression.Const(0)),
    ];

    public override ulong[][] GeneratePreprocessed(int height)
    {
        var cols = new ulong[PrepWidth][];
        for (int c = 0; c < PrepWidth; c++) cols[c] = new ulong[height];
        for (int i = 0; i < height; i++)
        {
            ulong x = (ulong)i >> 8, y = (ulong)i & 255;
            cols[X][i] = x;
            cols[Y][i] = y;
            cols[And][i] = x & y;
            cols[Or][i] = x | y;
            cols[Xor][i] = x ^ y;
            cols[Pow][i] = 1UL << (int)(x & 31);
        }
        return cols;
    }

    /// <summary>The multiplicity column (main index) and row a byte-bus tuple is counted in, or null when no row holds it.</summary>
    public static (int Column, int Row)? Locate(ulong op, ulong x, ulong y, ulong z)
    {
        if (op == ByteOp.U16) return x < 65536 && y == 0 && z == 0 ? (MU16 - PrepWidth, (int)x) : null;
        if (x > 255 || y > 255) return null;
        int row = (int)(x * 256 + y);
        return op switch
        {
            ByteOp.And when z == (x & y) => (MAnd - PrepWidth, row),
            ByteOp.Or when z == (x | y) => (MOr - PrepWidth, row),
            ByteOp.Xor when z == (x ^ y) => (MXor - PrepWidth, row),
            ByteOp.Pow when z == 1UL << (int)(x & 31) => (MPow - PrepWidth, row),
            ByteOp.U8 when z == 0 => (MU8 - PrepWidth, row),
            _ => null,
        };
    }

    /// <summary>The byte table's main trace: every byte-bus lookup of the system's other (non-preprocessed) tables counted in its row.</summary>
    public static ulong[][] Multiplicities(AirSystem system, IReadOnlyList<ulong[][]> traces)
    {
        var mult = new ulong[6][];
        for (int c = 0; c < 6; c++) mult[c] = new ulong[1 << 16];
        for (int t = 0; t < system.Tables.Count; t++)
        {
            var table = system.Tables[t];
            var lookups = table.Interactions.Where(x => x.Bus == VmBus.Byte && x.IsSend).ToArray();
            if (lookups.Length == 0) continue;
            if (table.PreprocessedWidth != 0) throw new InvalidOperationException($"table '{table.Name}': byte lookups from preprocessed tables are not supported");
            var main = traces[t];
            int h = main[0].Length;
            // Lookup by lookup down the columns (no row frame to copy): most lookups read one or two columns.
            foreach (var l in lookups)
            {
                var values = l.Values.Prepend(l.Multiplicity).Select(e => (e.Constant, e.Terms.ToArray())).ToArray();
                var evaluated = new ulong[values.Length];
                for (int i = 0; i < h; i++)
                {
                    ulong m = EvaluateAt(values[0], main, i);
                    if (m == 0) continue;
                    for (int v = 1; v < values.Length; v++) evaluated[v] = EvaluateAt(values[v], main, i);
                    ulong op = evaluated[1], x = evaluated[2], y = evaluated[3], z = evaluated[4];
                    var at = ByteTable.Locate(op, x, y, z)
                        ?? throw new InvalidOperationException($"table '{table.Name}' row {i}: byte lookup ({op}, {x}, {y}, {z}) is not in the byte table");
                    mult[at.Column][at.Row] += m;
                }
            }
        }
        return mult;
    }

    private static ulong EvaluateAt((ulong Constant, (int Column, ulong Coefficient)[] Terms) e, ulong[][] main, int row)
    {
        ulong acc = e.Constant;
        foreach (var (column, coefficient) in e.Terms)
            acc = Goldilocks.Add(acc, coefficient == 1 ? main[column][row] : Goldilocks.Mul(coefficient, main[column][row]));
        return acc;
    }

}
