using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Wsc.Zk.Air;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Fri;
using Wsc.Zk.Poly;

namespace Wsc.Zk.Stark;

/// <summary>Proves that main traces satisfy an <see cref="AirSystem"/>; knows nothing about any particular AIR.</summary>
public static class StarkProver
{
    /// <summary>
    /// Proves `traces[t]` (MainWidth columns of equal power-of-two height per table) against the AIR and public inputs.
    /// Throws ArgumentException for malformed traces and InvalidOperationException when the statement is false in a way
    /// the prover notices (unbalanced buses); a trace that breaks a constraint yields a proof the verifier rejects.
    /// </summary>
    public static StarkProof Prove(AirSystem air, IReadOnlyList<ulong[][]> traces, ReadOnlySpan<ulong> publicInputs, ProofOptions? options = null,
        Action<string, TimeSpan>? onPhase = null)
    {
        options ??= ProofOptions.Default;
        if (options.Validate() is { } bad) throw new ArgumentException($"proof options: {bad}", nameof(options));
        for (var i = 0; i < publicInputs.Length; i++)
        {
            if (publicInputs[i] >= Field.Goldilocks.P)
            {
                throw new ArgumentException($"public input {i} = {publicInputs[i]} is not a canonical field element (>= p)", nameof(publicInputs));
            }
        }
        return new ProverSession(air, traces, publicInputs.ToArray(), options, onPhase).Run();
    }

    /// <summary>
    /// The statement root a proof of these traces will carry (null when no table has statement columns), computed from
    /// the statement columns alone, as the prover commits them: a caller fixes it, and derives what it needs from it
    /// (a challenge shared by several proofs), before proving.
    /// </summary>
    public static byte[]? StatementRoot(AirSystem air, IReadOnlyList<ulong[][]> traces, ProofOptions? options = null)
    {
        if (traces.Count != air.Tables.Count) throw new ArgumentException($"expected {air.Tables.Count} table traces, got {traces.Count}", nameof(traces));
        var layouts = TableLayout.For(air);
        for (int t = 0; t < traces.Count; t++)
        {
            if (traces[t].Length != layouts[t].MainWidth) throw new ArgumentException($"table '{air.Tables[t].Name}': trace has {traces[t].Length} columns, expected {layouts[t].MainWidth}", nameof(traces));
            int h = traces[t][0].Length;
            if (h < 2 || (h & (h - 1)) != 0) throw new ArgumentException($"table '{air.Tables[t].Name}': height must be a power of two of at least 2, got {h}", nameof(traces));
        }
        return StatementRootFrom(air, [.. traces.Select((trace, t) => trace[..layouts[t].StatementWidth])], options);
    }

    /// <summary>
    /// The same root from the statement columns alone: `statement[t]` holds table t's first StatementWidth main columns
    /// (nothing for a table without them), all of one power-of-two height. The root depends on those columns and their
    /// heights only, so a caller can fix it from a plan before building the rest of the witness.
    /// </summary>
    public static byte[]? StatementRootFrom(AirSystem air, IReadOnlyList<ulong[][]> statement, ProofOptions? options = null)
    {
        options ??= ProofOptions.Default;
        if (options.Validate() is { } bad) throw new ArgumentException($"proof options: {bad}", nameof(options));
        if (statement.Count != air.Tables.Count) throw new ArgumentException($"expected {air.Tables.Count} tables' statement columns, got {statement.Count}", nameof(statement));
        var layouts = TableLayout.For(air);
        var logH = new int[statement.Count];
        int any = 1;
        for (int t = 0; t < statement.Count; t++)
        {
            if (statement[t].Length != layouts[t].StatementWidth) throw new ArgumentException($"table '{air.Tables[t].Name}': {statement[t].Length} statement columns, expected {layouts[t].StatementWidth}", nameof(statement));
            if (statement[t].Length == 0) continue;
            int h = statement[t][0].Length;
            if (h < 2 || (h & (h - 1)) != 0 || statement[t].Any(c => c.Length != h)) throw new ArgumentException($"table '{air.Tables[t].Name}': statement columns must share a power-of-two height of at least 2", nameof(statement));
            logH[t] = any = Ntt.Log2(h);
        }
        // Tables without statement columns add nothing to the tree; their height only places them in a group.
        for (int t = 0; t < statement.Count; t++)
            if (statement[t].Length == 0) logH[t] = any;
        var stmt = ProverSession.StatementMatrices(new HeightGroups(logH), layouts, t => statement[t], Ntt.Log2(options.Blowup));
        return ProverSession.CommitPhase(stmt)?.Root;
    }

    /// <summary>
    /// Test harness entry: proves with the prover's own refusals switched off and the given faults injected, so tests
    /// can show the verifier (not the honest prover) rejects each kind of false statement.
    /// </summary>
    internal static StarkProof ProveUnchecked(AirSystem air, IReadOnlyList<ulong[][]> traces, ReadOnlySpan<ulong> publicInputs, ProofOptions options, ProverFaults faults) =>
        new ProverSession(air, traces, publicInputs.ToArray(), options, null) { Faults = faults }.Run();
}

/// <summary>What a malicious prover does differently (tests only; see <see cref="StarkProver.ProveUnchecked"/>).</summary>
internal sealed class ProverFaults
{
    /// <summary>Changes table t's auxiliary extension columns (helpers, then the running sum) after they are built.</summary>
    public Action<int, Ext3[][]>? TamperAux { get; init; }

    /// <summary>Claims bus sums that add up to zero with the public terms, whatever the columns say.</summary>
    public bool BalanceBusSums { get; init; }

    /// <summary>Absorbs and sends this statement root while opening the real statement tree.</summary>
    public byte[]? ClaimedStatementRoot { get; init; }
}

/// <summary>The state of one proof run; each step mirrors a verifier step in the same order.</summary>
internal sealed unsafe class ProverSession
{
    private readonly AirSystem _air;
    private readonly TableLayout[] _layouts;
    private readonly ulong[] _pub;
    private readonly ProofOptions _opt;
    private readonly int[] _logH;
    private readonly int _logB;
    private readonly HeightGroups _groups;
    private readonly List<ulong[]>[] _cols; // per table: committed trace-domain columns (prep, main, aux base)
    private readonly Ext3[][][] _auxExt;     // per table: auxiliary extension columns on the trace domain
    private readonly Ext3[] _busSums;
    private readonly Action<string, TimeSpan>? _onPhase;
    private readonly System.Diagnostics.Stopwatch _phase = new();
    private Transcript _tr = null!;

    /// <summary>Null for an honest prover.</summary>
    public ProverFaults? Faults { get; init; }

    private void Phase(string name)
    {
        _onPhase?.Invoke(name, _phase.Elapsed);
        _phase.Restart();
    }

    public ProverSession(AirSystem air, IReadOnlyList<ulong[][]> traces, ulong[] pub, ProofOptions opt, Action<string, TimeSpan>? onPhase)
    {
        _onPhase = onPhase;
        _phase.Start();
        _air = air;
        _layouts = TableLayout.For(air);
        _pub = pub;
        _opt = opt;
        if (traces.Count != air.Tables.Count) throw new ArgumentException($"expected {air.Tables.Count} table traces, got {traces.Count}", nameof(traces));
        _logH = new int[traces.Count];
        _cols = new List<ulong[]>[traces.Count];
        _auxExt = new Ext3[traces.Count][][];
        _busSums = new Ext3[traces.Count];
        for (int t = 0; t < traces.Count; t++)
        {
            var table = air.Tables[t];
            var tr = traces[t];
            if (tr.Length != table.MainWidth) throw new ArgumentException($"table '{table.Name}': trace has {tr.Length} columns, expected {table.MainWidth}", nameof(traces));
            int h = tr[0].Length;
            if (h < 2 || (h & (h - 1)) != 0 || h > (1 << 28)) throw new ArgumentException($"table '{table.Name}': height must be a power of two in 2..2^28, got {h}", nameof(traces));
            foreach (var c in tr)
            {
                if (c.Length != h) throw new ArgumentException($"table '{table.Name}': columns have different heights ({c.Length} vs {h})", nameof(traces));
            }
            // One vectorised search per column, the columns on all cores (element by element this was ~0.1 s of one core
            // for 2^20 × 100 before any proving started).
            var bad = new ulong?[tr.Length];
            Parallel.For(0, tr.Length, j =>
            {
                int at = tr[j].AsSpan().IndexOfAnyInRange(Goldilocks.P, ulong.MaxValue);
                if (at >= 0) bad[j] = tr[j][at];
            });
            if (Array.Find(bad, v => v is not null) is { } v)
                throw new ArgumentException($"table '{table.Name}': trace value {v} is not a field element (must be < p)", nameof(traces));
            _logH[t] = Ntt.Log2(h);
            if (table.FixedLogHeight is { } fixedLog && fixedLog != _logH[t])
                throw new ArgumentException($"table '{table.Name}': height must be 2^{fixedLog}, got 2^{_logH[t]}", nameof(traces));
            _cols[t] = [];
        }
        _groups = new HeightGroups(_logH);
        _logB = Ntt.Log2(opt.Blowup);
        for (int t = 0; t < traces.Count; t++)
        {
            if (2 * _layouts[t].QuotientFactor > opt.Blowup)
                throw new ArgumentException($"table '{air.Tables[t].Name}': constraint degree {_layouts[t].MaxDegree} needs blowup ≥ {2 * _layouts[t].QuotientFactor}, options have {opt.Blowup}", nameof(opt));
        }
        // Preprocessed then main columns form the frame, in this order, for every table.
        var prepAll = VerifyingKey.PreprocessedColumns(air, _logH);
        int pi = 0;
        for (int t = 0; t < traces.Count; t++)
        {
            for (int j = 0; j < _layouts[t].PreprocessedWidth; j++) _cols[t].Add(prepAll[pi++]);
            _cols[t].AddRange(traces[t]);
        }
    }

    public StarkProof Run()
    {
        int groups = _groups.Count;
        // 1. Preprocessed and main commitments, one tree per height group; the preprocessed roots are part of the
        //    statement the transcript starts from.
        //    Statement columns (the first StatementWidth main columns) have a tree of their own, committed before the
        //    transcript starts like the preprocessed one, but its root comes with the proof.
        var prep = new LdeMatrix?[groups];
        LdeMatrix?[] stmt;
        var main = new LdeMatrix[groups];
        for (int g = 0; g < groups; g++)
        {
            var prepCols = new List<ulong[]>();
            var mainCols = new List<ulong[]>();
            foreach (int t in _groups.Tables[g])
            {
                var l = _layouts[t];
                prepCols.AddRange(_cols[t].Take(l.PreprocessedWidth));
                mainCols.AddRange(_cols[t].Skip(l.PreprocessedWidth + l.StatementWidth).Take(l.MainTreeWidth));
            }
            prep[g] = prepCols.Count > 0 ? LdeMatrix.FromEvaluations(prepCols, _groups.LogHeights[g], _logB) : null;
            main[g] = LdeMatrix.FromEvaluations(mainCols, _groups.LogHeights[g], _logB);
        }
        stmt = StatementMatrices(_groups, _layouts, t => [.. _cols[t].Skip(_layouts[t].PreprocessedWidth)], _logB);
        var prepTree = CommitPhase(prep);
        var stmtTree = CommitPhase(stmt);
        var stmtRoot = Faults?.ClaimedStatementRoot ?? stmtTree?.Root;
        var mainTree = CommitPhase(main)!;
        _tr = ProtocolTranscript.Start(_air, _opt, ProtocolTranscript.StartRoots(prepTree?.Root, stmtRoot), _logH, _pub);
        _tr.Absorb(mainTree.Root);
        Phase("main-lde-commit");

        // 2. LogUp auxiliary columns after the bus challenges.
        bool anyBus = _layouts.Any(l => l.InteractionCount > 0);
        if (!anyBus && _air.Tables.Any(t => t.HasPublicTerms(_pub)))
            throw new ArgumentException("the AIR declares public bus terms but no table interaction to balance them", "publicInputs");
        Ext3 alpha = default, beta = default;
        var aux = new LdeMatrix?[groups];
        MultiHeightMerkleTree? auxTree = null;
        var busSums = new List<Ext3>();
        if (anyBus)
        {
            alpha = _tr.DrawExt();
            beta = _tr.DrawExt();
            Ext3 total = LogUp.PublicSum(_air, _pub, alpha, beta, out var publicError) ?? throw new ArgumentException(publicError, "publicInputs");
            for (int t = 0; t < _layouts.Length; t++)
            {
                if (_layouts[t].InteractionCount == 0) continue;
                BuildLogUp(t, alpha, beta);
                Faults?.TamperAux?.Invoke(t, _auxExt[t]);
                foreach (var ext in _auxExt[t])
                {
                    var (a0, a1, a2) = Split(ext);
                    _cols[t].Add(a0);
                    _cols[t].Add(a1);
                    _cols[t].Add(a2);
                }
                total += _busSums[t];
            }
            if (Faults is { BalanceBusSums: true } && !total.IsZero)
            {
                int last = Array.FindLastIndex(_layouts, l => l.InteractionCount > 0);
                _busSums[last] -= total;
                total = Ext3.Zero;
            }
            for (int t = 0; t < _layouts.Length; t++)
            {
                if (_layouts[t].InteractionCount > 0) busSums.Add(_busSums[t]);
            }
            if (!total.IsZero && Faults is null) throw new InvalidOperationException("the buses do not balance: some value is sent or looked up without a matching receive (LogUp sum with the public bus terms is not zero)");
            Phase("logup-columns");
            for (int g = 0; g < groups; g++)
            {
                var auxCols = _groups.Tables[g].SelectMany(t => _cols[t].Skip(_layouts[t].FrameWidth)).ToList();
                aux[g] = auxCols.Count > 0 ? LdeMatrix.FromEvaluations(auxCols, _groups.LogHeights[g], _logB) : null;
            }
            auxTree = CommitPhase(aux);
            if (auxTree is not null) _tr.Absorb(auxTree.Root);
            _tr.AbsorbExt(busSums.ToArray());
            Phase("logup-aux-commit");
        }

        // 3. Composition polynomial per group: its tables' constraints divided by their vanishing polynomials, combined
        //    by λ powers (continued across tables in table order), split into chunks of degree < the group's height.
        var lambda = _tr.DrawExt();
        var compPolys = new List<ReadOnlyMemory<ulong>>[groups];
        var comp = new LdeMatrix[groups];
        var lamStart = new Ext3[_layouts.Length];
        {
            Ext3 lamPow = Ext3.One;
            for (int t = 0; t < _layouts.Length; t++)
            {
                lamStart[t] = lamPow;
                for (int i = 0; i < ConstraintCount(t); i++) lamPow *= lambda;
            }
        }
        for (int g = 0; g < groups; g++)
        {
            int logH = _groups.LogHeights[g], h = 1 << logH, chunks = Chunks(g);
            var compCoeffs = new ulong[3][];
            foreach (int t in _groups.Tables[g])
            {
                var lamPow = lamStart[t];
                var parts = EvaluateComposition(t, g, prep[g], stmt[g], main[g], aux[g], alpha, beta, lambda, ref lamPow);
                Parallel.For(0, 3, a =>
                {
                    Ntt.CosetInverse(parts[a], Goldilocks.RootOfUnity(logH + _logB));
                    // The first table of full quotient size gives the sum as it is; the others are added to it.
                    if (compCoeffs[a] is null && parts[a].Length == chunks * h)
                    {
                        compCoeffs[a] = parts[a];
                        return;
                    }
                    compCoeffs[a] ??= new ulong[chunks * h];
                    for (int i = 0; i < parts[a].Length; i++) compCoeffs[a][i] = Goldilocks.Add(compCoeffs[a][i], parts[a][i]);
                });
            }
            compPolys[g] = [];
            for (int k = 0; k < chunks; k++)
                for (int a = 0; a < 3; a++) compPolys[g].Add(compCoeffs[a].AsMemory(k * h, h));
        }
        Phase("composition-eval");
        for (int g = 0; g < groups; g++)
        {
            comp[g] = LdeMatrix.FromCoefficients(compPolys[g], _groups.LogHeights[g], _logB);
        }
        var compTree = CommitPhase(comp)!;
        _tr.Absorb(compTree.Root);
        Phase("composition-commit");

        // 4. Out-of-domain point and the values there: every table's columns at z and z·ω_t, then each group's chunks at z.
        var z = _tr.DrawExt();
        var ood = new List<Ext3>();
        var oodZ = new Ext3[_layouts.Length][];
        var oodNext = new Ext3[_layouts.Length][];
        // 1/(z − ω^i) on each height's trace domain: the barycentric weights and the DEEP quotients both need them.
        var inverses = new Dictionary<int, ulong[][]>();
        var weights = new Dictionary<int, ulong[][]>();
        for (int t = 0; t < _layouts.Length; t++)
        {
            if (!inverses.TryGetValue(_logH[t], out var inv))
            {
                inverses[_logH[t]] = inv = InversesAt(_logH[t], z);
                weights[_logH[t]] = BarycentricWeights(_logH[t], z, inv);
            }
            (oodZ[t], oodNext[t]) = EvaluateOutOfDomain(_cols[t], _logH[t], weights[_logH[t]]);
            ood.AddRange(oodZ[t]);
            ood.AddRange(oodNext[t]);
        }
        // The composition chunks (degree < the group's height) at z from their values on the trace domain, the chunk
        // LDE's first coset, with the same weights: no table of z's powers (a sequential chain of 2^20 products).
        var oodComp = new Ext3[groups][];
        for (int g = 0; g < groups; g++)
        {
            var w = weights[_groups.LogHeights[g]];
            var chunks = comp[g];
            var values = new Ext3[chunks.Width];
            Parallel.For(0, chunks.Width, c => values[c] = FieldKernels.Dot(chunks.TraceDomain(c), w[0], w[1], w[2]));
            oodComp[g] = values;
            ood.AddRange(values);
        }
        _tr.AbsorbExt(ood.ToArray());
        Phase("ood");

        // 5. DEEP composition per group: D_g = (P_g − P_g(z))/(X − z) + Σ_(t∈g) β^(t+1)·(S_t − S_t(zω_t))/(X − zω_t).
        var gamma = _tr.DrawExt();
        var deepBeta = _tr.DrawExt();
        var batches = new Ext3[groups][];
        for (int g = 0; g < groups; g++)
            batches[g] = DeepEvaluations(g, comp[g], z, gamma, deepBeta, oodZ, oodNext, oodComp, inverses[_groups.LogHeights[g]]);
        Phase("deep");

        // 6. FRI (each group's batch joins at the layer of its size), grinding, queries.
        var fri = new FriProver(_opt.FoldingFactor);
        fri.Commit(batches, _logB, _opt.RemainderSize, _tr, checkDegree: Faults is null);
        Phase("fri-commit");
        ulong nonce = _tr.Grind(_opt.GrindingBits);
        Phase("grinding");
        _tr.AbsorbU64(nonce);
        var positions = _tr.DrawPositions(_opt.Queries, 1 << (_groups.LogHeights[0] + _logB));
        var at = new int[groups][];
        for (int g = 0; g < groups; g++) at[g] = HeightGroups.Reduce(positions, _groups.LogHeights[g] + _logB);

        return new StarkProof(_opt, [.. _logH],
            prepTree?.Root, mainTree.Root, auxTree?.Root, [.. busSums],
            compTree.Root, [.. ood], fri.Open(positions), nonce,
            OpenPhase(prep, prepTree, at), OpenPhase(main, mainTree, at)!, OpenPhase(aux, auxTree, at), OpenPhase(comp, compTree, at)!,
            stmtRoot, OpenPhase(stmt, stmtTree, at));
    }

    /// <summary>One commitment to a phase's matrices of every height group that has columns in it (null if none has).</summary>
    /// <summary>
    /// Each height group's statement columns extended (null for a group without any): the first StatementWidth main
    /// columns of its tables in table order. One place for the prover and <see cref="StarkProver.StatementRoot"/>, so a
    /// root computed before proving is the proof's.
    /// </summary>
    internal static LdeMatrix?[] StatementMatrices(HeightGroups groups, TableLayout[] layouts, Func<int, IReadOnlyList<ulong[]>> mainColumns, int logB)
    {
        var stmt = new LdeMatrix?[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            var cols = groups.Tables[g].SelectMany(t => mainColumns(t).Take(layouts[t].StatementWidth)).ToList();
            stmt[g] = cols.Count > 0 ? LdeMatrix.FromEvaluations(cols, groups.LogHeights[g], logB) : null;
        }
        return stmt;
    }

    internal static MultiHeightMerkleTree? CommitPhase(IReadOnlyList<LdeMatrix?> matrices)
    {
        var leaves = matrices.Where(m => m is { Width: > 0 }).Select(m => m!.Leaves).ToList();
        return leaves.Count == 0 ? null : MultiHeightMerkleTree.Commit(leaves);
    }

    /// <summary>The phase's rows at each group's reduced positions and the shared siblings (see <see cref="CommitPhase"/>).</summary>
    private static MultiHeightOpening? OpenPhase(IReadOnlyList<LdeMatrix?> matrices, MultiHeightMerkleTree? tree, int[][] at)
    {
        if (tree is null) return null;
        var groups = Enumerable.Range(0, matrices.Count).Where(g => matrices[g] is { Width: > 0 }).ToArray();
        return new MultiHeightOpening([.. groups.Select(g => matrices[g]!.Rows(at[g]))], tree.OpenBatch(at[groups[0]]));
    }

    /// <summary>Constraints of table t in λ order: transition, row, boundary, LogUp (helpers, running sum, first, last).</summary>
    private int ConstraintCount(int t)
    {
        var l = _layouts[t];
        return l.TransitionCount + l.RowCount + l.Air.BoundaryConstraints(_pub, 1 << _logH[t]).Count + (l.InteractionCount > 0 ? l.LogUpGroups + 3 : 0);
    }

    /// <summary>Composition chunks of group g: the largest quotient factor among its tables.</summary>
    private int Chunks(int g) => _groups.Tables[g].Max(t => _layouts[t].QuotientFactor);

    private static (ulong[], ulong[], ulong[]) Split(Ext3[] v)
    {
        var a = new ulong[v.Length];
        var b = new ulong[v.Length];
        var c = new ulong[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            a[i] = v[i].A0;
            b[i] = v[i].A1;
            c[i] = v[i].A2;
        }
        return (a, b, c);
    }

    /// <summary>Helpers h_g = Σ_(k∈g) ±m_k/(α − fingerprint_k) per row and the running sum acc[i] = acc[i−1] + Σ_g h_g[i].</summary>
    private void BuildLogUp(int t, Ext3 alpha, Ext3 beta)
    {
        var layout = _layouts[t];
        var inter = layout.Air.Interactions;
        int n = 1 << _logH[t], k = inter.Count, w = layout.FrameWidth;
        // Helper column g sums the terms of interactions g·per .. g·per + per − 1; terms go straight into it.
        int per = layout.InteractionsPerAuxColumn, groups = layout.LogUpGroups;
        var helpers = new Ext3[groups][];
        for (int g = 0; g < groups; g++) helpers[g] = new Ext3[n];
        var frameCols = _cols[t];
        var fingerprints = LogUpFingerprint.For(inter, alpha, beta);
        if (GoldilocksVector.IsSupported && n >= 8) BuildHelpersPacked(inter, fingerprints, frameCols, helpers, per, layout.Air.Name);
        else
        {
            // Rows in blocks: the non-zero terms of a block (a zero multiplicity leaves h = 0) are inverted in one batch.
            const int Rows = 256;
            try
            {
                Parallel.For(0, (n + Rows - 1) / Rows, () => (new Ext3[Rows * k], new ulong[Rows * k], new int[Rows * k], new Ext3[Rows * k]), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (blk, _, scratch) =>
                {
                    var (dens, ms, slots, prefix) = scratch;
                    Span<Felt> frame = stackalloc Felt[w];
                    int start = blk * Rows, end = Math.Min(n, start + Rows), count = 0;
                    for (int row = start; row < end; row++)
                    {
                        for (int j = 0; j < w; j++) frame[j] = new Felt(frameCols[j][row]);
                        for (int i = 0; i < k; i++)
                        {
                            ulong m = LogUp.SignedMultiplicity(inter[i], frame).Value;
                            if (m == 0) continue;
                            dens[count] = fingerprints[i].Denominator(frame);
                            ms[count] = m;
                            slots[count++] = i * Rows + (row - start);
                        }
                    }
                    // Montgomery's trick with the worker's own scratch (Ext3.BatchInverse allocates per call).
                    Ext3 product = Ext3.One;
                    for (int j = 0; j < count; j++)
                    {
                        prefix[j] = product;
                        product *= dens[j];
                    }
                    if (product.IsZero) throw new DivideByZeroException();
                    Ext3 inv = product.Inverse();
                    for (int j = count - 1; j >= 0; j--)
                    {
                        Ext3 d = dens[j];
                        dens[j] = inv * prefix[j];
                        inv *= d;
                    }
                    for (int j = 0; j < count; j++)
                    {
                        ref var cell = ref helpers[slots[j] / Rows / per][start + slots[j] % Rows];
                        cell += dens[j].MulBase(ms[j]);
                    }
                    return scratch;
                }, _ => { });
            }
            catch (Exception e) when (e is DivideByZeroException or AggregateException { InnerException: DivideByZeroException })
            {
                throw new InvalidOperationException($"table '{layout.Air.Name}': a LogUp denominator is zero (challenge collision); retry with other public data");
            }
        }
        // The running sum adds every helper of the row.
        var acc = new Ext3[n];
        Ext3 run = Ext3.Zero;
        for (int row = 0; row < n; row++)
        {
            for (int g = 0; g < groups; g++) run += helpers[g][row];
            acc[row] = run;
        }
        _auxExt[t] = [.. helpers, acc];
        _busSums[t] = run;
    }

    /// <summary>
    /// The helper columns eight rows at a time (AVX-512): every term's denominator (1 where the multiplicity is 0, whose
    /// term is 0), one batch inversion per row block with a Montgomery chain per lane, then h_g = Σ ±m/d per group.
    /// </summary>
    private static void BuildHelpersPacked(IReadOnlyList<Interaction> inter, LogUpFingerprint[] fingerprints, List<ulong[]> frameCols, Ext3[][] helpers, int per, string tableName)
    {
        const int Rows = 256;
        int n = helpers[0].Length, k = inter.Count, w = frameCols.Count, slots = Rows / 8 * k;
        var one = new PackedExt3(PackedFelt.One, PackedFelt.Zero, PackedFelt.Zero);
        try
        {
            Parallel.For(0, (n + Rows - 1) / Rows, () => (new PackedFelt[w], new PackedExt3[slots], new PackedFelt[slots], new PackedExt3[slots]), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (blk, _, scratch) =>
            {
                var (frame, dens, ms, prefix) = scratch;
                int start = blk * Rows, end = Math.Min(n, start + Rows), count = 0;
                for (int row = start; row < end; row += 8)
                {
                    for (int j = 0; j < w; j++) frame[j] = new PackedFelt(Vector512.LoadUnsafe(ref frameCols[j][row]));
                    for (int i = 0; i < k; i++)
                    {
                        var m = LogUp.SignedMultiplicity<PackedFelt>(inter[i], frame);
                        var d = fingerprints[i].Denominator(frame);
                        var zero = Vector512.Equals(m.Lanes, Vector512<ulong>.Zero);
                        dens[count] = new PackedExt3(new PackedFelt(Vector512.ConditionalSelect(zero, Vector512<ulong>.One, d.A0.Lanes)),
                            new PackedFelt(Vector512.ConditionalSelect(zero, Vector512<ulong>.Zero, d.A1.Lanes)),
                            new PackedFelt(Vector512.ConditionalSelect(zero, Vector512<ulong>.Zero, d.A2.Lanes)));
                        ms[count++] = m;
                    }
                }
                var product = one;
                for (int j = 0; j < count; j++)
                {
                    prefix[j] = product;
                    product *= dens[j];
                }
                // A zero lane (a zero denominator) throws DivideByZeroException, turned into the message below.
                var inv = InvertLanes(product);
                Span<ulong> l0 = stackalloc ulong[8], l1 = stackalloc ulong[8], l2 = stackalloc ulong[8];
                for (int j = count - 1; j >= 0; j--)
                {
                    var d = dens[j];
                    dens[j] = inv * prefix[j];
                    inv *= d;
                }
                count = 0;
                for (int row = start; row < end; row += 8)
                {
                    for (int g = 0; g * per < k; g++)
                    {
                        var sum = PackedExt3.Zero;
                        for (int i = g * per; i < Math.Min(k, (g + 1) * per); i++, count++) sum += dens[count].MulBase(ms[count]);
                        sum.A0.Lanes.CopyTo(l0);
                        sum.A1.Lanes.CopyTo(l1);
                        sum.A2.Lanes.CopyTo(l2);
                        var h = helpers[g];
                        for (int l = 0; l < 8; l++) h[row + l] = new Ext3(l0[l], l1[l], l2[l]);
                    }
                }
                return scratch;
            }, _ => { });
        }
        catch (Exception e) when (e is DivideByZeroException or AggregateException { InnerException: DivideByZeroException })
        {
            throw new InvalidOperationException($"table '{tableName}': a LogUp denominator is zero (challenge collision); retry with other public data");
        }
    }

    /// <summary>Evaluates table t's combined constraint quotient on the coset g·H_(qf·n).</summary>
    private ulong[][] EvaluateComposition(int t, int group, LdeMatrix? prep, LdeMatrix? stmt, LdeMatrix main, LdeMatrix? aux, Ext3 alpha, Ext3 beta, Ext3 lambda, ref Ext3 lamPow)
    {
        var layout = _layouts[t];
        var table = layout.Air;
        int logM = _logH[t] + _logB;
        int logn = _logH[t], n = 1 << logn, qf = layout.QuotientFactor, q = qf * n, logQ = Ntt.Log2(q), stride = (1 << logM) / q;
        var boundaries = table.BoundaryConstraints(_pub, n);
        foreach (var b in boundaries)
        {
            if ((uint)b.Column >= (uint)layout.MainWidth) throw new ArgumentException($"table '{table.Name}': boundary constraint on column {b.Column} outside the main trace");
        }
        // λ order: transition, row, boundary, then LogUp constraints (h_k per interaction, running sum, first, last).
        int nT = layout.TransitionCount, nR = layout.RowCount, nB = boundaries.Count, nK = layout.InteractionCount;
        int nG = layout.LogUpGroups, perGroup = layout.InteractionsPerAuxColumn;
        int nLam = nT + nR + nB + (nK > 0 ? nG + 3 : 0);
        var lam = new Ext3[nLam];
        for (int i = 0; i < nLam; i++)
        {
            lam[i] = lamPow;
            lamPow *= lambda;
        }
        // Column sources: frame columns from the preprocessed, statement and main matrices, aux from the aux matrix.
        int prepOff = 0, stmtOff = 0, mainOff = 0, auxOff = 0;
        foreach (int u in _groups.Tables[group].TakeWhile(u => u < t))
        {
            prepOff += _layouts[u].PreprocessedWidth;
            stmtOff += _layouts[u].StatementWidth;
            mainOff += _layouts[u].MainTreeWidth;
            auxOff += _layouts[u].AuxBaseWidth;
        }
        var frameSrc = new ulong[layout.FrameWidth][];
        for (int j = 0; j < layout.PreprocessedWidth; j++) frameSrc[j] = prep!.OffDomain(prepOff + j);
        for (int j = 0; j < layout.StatementWidth; j++) frameSrc[layout.PreprocessedWidth + j] = stmt!.OffDomain(stmtOff + j);
        for (int j = layout.StatementWidth; j < layout.MainWidth; j++)
            frameSrc[layout.PreprocessedWidth + j] = main.OffDomain(mainOff + j - layout.StatementWidth);
        var auxSrc = new ulong[layout.AuxBaseWidth][];
        for (int j = 0; j < layout.AuxBaseWidth; j++) auxSrc[j] = aux!.OffDomain(auxOff + j);

        // The quotient domain is ω_M·H_q inside the LDE domain H_M; with qf ≤ blowup/2 it misses H_n, so no divisor vanishes.
        // Z(x) = x^n − 1 takes qf values on it; first/last-row divisors are batch-inverted.
        ulong g = Goldilocks.RootOfUnity(logM), wq = Goldilocks.RootOfUnity(logQ);
        ulong omegaNInv = Goldilocks.Inverse(Goldilocks.RootOfUnity(logn));
        var zInv = new ulong[qf];
        {
            ulong gn = Goldilocks.Pow(g, (ulong)n), wqf = Goldilocks.RootOfUnity(Ntt.Log2(qf)), x = gn;
            for (int r = 0; r < qf; r++)
            {
                zInv[r] = Goldilocks.Inverse(Goldilocks.Sub(x, 1));
                x = Goldilocks.Mul(x, wqf);
            }
        }
        // The quotient domain's points and the first- and last-row divisors' inverses, block by block on all cores.
        var xs = GC.AllocateUninitializedArray<ulong>(q);
        var firstInv = GC.AllocateUninitializedArray<ulong>(q);
        var lastInv = GC.AllocateUninitializedArray<ulong>(q);
        const int PointBlock = 1 << 14;
        Parallel.For(0, (q + PointBlock - 1) / PointBlock, () => new ulong[PointBlock], (b, _, scratch) =>
        {
            int start = b * PointBlock, len = Math.Min(PointBlock, q - start);
            FieldKernels.Powers(Goldilocks.Mul(g, Goldilocks.Pow(wq, (ulong)start)), wq, xs.AsSpan(start, len));
            for (int j = start; j < start + len; j++)
            {
                firstInv[j] = Goldilocks.Sub(xs[j], 1);
                lastInv[j] = Goldilocks.Sub(xs[j], omegaNInv);
            }
            FieldKernels.BatchInverse(firstInv.AsSpan(start, len), scratch);
            FieldKernels.BatchInverse(lastInv.AsSpan(start, len), scratch);
            return scratch;
        }, _ => { });

        // Periodic columns evaluated on the coset: P(x^(n/p)) cycles with period qf·p (public constants: period 1).
        var periodic = table.PeriodicAndPublic(_pub);
        var perVals = new ulong[periodic.Count][];
        for (int c = 0; c < periodic.Count; c++)
        {
            int p = periodic[c].Length;
            if (p > n) throw new ArgumentException($"table '{table.Name}': periodic column of length {p} exceeds the height {n}");
            var coeffs = (ulong[])periodic[c].Clone();
            Ntt.Inverse(coeffs);
            var ext = new ulong[qf * p];
            coeffs.CopyTo(ext, 0);
            Ntt.CosetForward(ext, Goldilocks.Pow(g, (ulong)(n / p)));
            perVals[c] = ext;
        }

        var inter = table.Interactions;
        var fingerprints = LogUpFingerprint.For(inter, alpha, beta);
        Ext3 busSum = nK > 0 ? _busSums[t] : default;
        // Three base-field arrays (the coefficients' components), which the inverse transforms take in place.
        var result = new[] { GC.AllocateUninitializedArray<ulong>(q), GC.AllocateUninitializedArray<ulong>(q), GC.AllocateUninitializedArray<ulong>(q) };
        int frameW = layout.FrameWidth, auxW = layout.AuxExtWidth, prepW = layout.PreprocessedWidth;
        const int Block = 256;
        // Per-thread scratch: allocating these per block would churn the large-object heap.
        // A block is points j = qf·(i0 + p) + r of one residue r: they lie in one LDE chunk (position 1 + stride·j is chunk
        // 1 + stride·r, index i0 + p), so a column's values for the block are one run of its chunk array and the next rows
        // the run one further (the points' order in j interleaves the chunks, which made every read a scalar gather).
        int blocksPerResidue = (n + Block - 1) / Block;
        Parallel.For(0, qf * blocksPerResidue, () => new CompositionScratch(Block, frameW, nT, nR, periodic.Count, auxW), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (blk, _, scratch) =>
        {
            int r = blk / blocksPerResidue, i0 = blk % blocksPerResidue * Block, count = Math.Min(n, i0 + Block) - i0;
            int chunkBase = main.OffDomainIndex(1 + stride * r);
            var rowsCur = scratch.RowsCur;
            var rowsNext = scratch.RowsNext;
            var iCur = scratch.ICur;
            var iNext = scratch.INext;
            for (int p = 0; p < count; p++)
            {
                iCur[p] = chunkBase + i0 + p;
                iNext[p] = chunkBase + ((i0 + p + 1) & (n - 1));
            }
            // Gather column by column (sequential reads), into row-major frames for the AIR and column-major lanes for
            // the packed evaluation.
            var curT = scratch.CurT;
            var nextT = scratch.NextT;
            // Row-major frames serve the scalar path and LogUp only; the packed path with no interactions reads the
            // column-major lanes (boundaries included), so it skips half the stores.
            bool rows = !GoldilocksVector.IsSupported || nK > 0 || (count & 7) != 0;
            // Without interactions the packed path reads the chunk arrays in place (no copy), except in a chunk's last
            // block, whose last next row wraps to the first.
            bool direct = !rows && i0 + count < n;
            for (int c = 0; c < frameW && !direct; c++)
            {
                var src = frameSrc[c];
                if (!rows)
                {
                    Array.Copy(src, chunkBase + i0, curT, c * Block, count);
                    // The next rows: the run one further, the last one wrapping to the chunk's first row.
                    int wrap = i0 + count == n ? 1 : 0;
                    Array.Copy(src, chunkBase + i0 + 1, nextT, c * Block, count - wrap);
                    if (wrap == 1) nextT[c * Block + count - 1] = src[chunkBase];
                    continue;
                }
                for (int p = 0; p < count; p++)
                {
                    ulong a = src[iCur[p]], b = src[iNext[p]];
                    rowsCur[p * frameW + c] = new Felt(a);
                    rowsNext[p * frameW + c] = new Felt(b);
                    curT[c * Block + p] = a;
                    nextT[c * Block + p] = b;
                }
            }
            var per = scratch.Periodic;
            var res = scratch.Result;
            var resT = scratch.Transposed;
            int packedEnd = 0;
            bool packedLogUp = GoldilocksVector.IsSupported && nK > 0;
            var auxCurT = scratch.AuxCurT;
            var auxNextT = scratch.AuxNextT;
            if (packedLogUp)
            {
                for (int c = 0; c < auxSrc.Length; c++)
                {
                    var src = auxSrc[c];
                    for (int p = 0; p < count; p++)
                    {
                        auxCurT[c * Block + p] = src[iCur[p]];
                        auxNextT[c * Block + p] = src[iNext[p]];
                    }
                }
            }
            if (GoldilocksVector.IsSupported)
            {
                // Eight points per call: the AIR's generic code runs on AVX-512 lanes (PackedFelt).
                var pc = scratch.PackedCur;
                var pn = scratch.PackedNext;
                var pp = scratch.PackedPeriodic;
                var pr = scratch.PackedResult;
                var prr = scratch.PackedRowResult;
                Span<ulong> lanes = stackalloc ulong[8];
                for (; packedEnd + 8 <= count; packedEnd += 8)
                {
                    int p = packedEnd;
                    if (direct)
                    {
                        int at = chunkBase + i0 + p;
                        for (int c = 0; c < frameW; c++)
                        {
                            ref ulong cur = ref frameSrc[c][at];
                            // A hundred column streams are more than the hardware prefetcher follows: ask for 1 KiB ahead.
                            if (Sse.IsSupported) Sse.Prefetch1(Unsafe.AsPointer(ref Unsafe.Add(ref cur, 128)));
                            pc[c] = new PackedFelt(Vector512.LoadUnsafe(ref cur));
                            pn[c] = new PackedFelt(Vector512.LoadUnsafe(ref Unsafe.Add(ref cur, 1)));
                        }
                    }
                    else
                    {
                        for (int c = 0; c < frameW; c++)
                        {
                            pc[c] = new PackedFelt(Vector512.LoadUnsafe(ref curT[c * Block + p]));
                            pn[c] = new PackedFelt(Vector512.LoadUnsafe(ref nextT[c * Block + p]));
                        }
                    }
                    for (int c = 0; c < pp.Length; c++)
                    {
                        var pv = perVals[c];
                        for (int l = 0; l < 8; l++) lanes[l] = pv[(qf * (i0 + p + l) + r) % pv.Length];
                        pp[c] = new PackedFelt(Vector512.Create<ulong>(lanes));
                    }
                    table.EvaluateTransition<PackedFelt>(pc, pn, pp, pr);
                    for (int i = 0; i < nT; i++) pr[i].Lanes.StoreUnsafe(ref resT[i * count + p]);
                    if (nR > 0)
                    {
                        table.EvaluateRow<PackedFelt>(pc, pp, prr);
                        for (int i = 0; i < nR; i++) prr[i].Lanes.StoreUnsafe(ref scratch.RowTransposed[i * count + p]);
                    }
                    if (packedLogUp)
                    {
                        // The LogUp helper constraints of eight points, as the scalar path below computes them.
                        int li = nT + nR + nB;
                        PackedExt3 all = PackedExt3.Zero, sc = PackedExt3.Zero, sn = PackedExt3.Zero;
                        for (int g = 0; g < nG; g++)
                        {
                            int first = g * perGroup, size = Math.Min(nK, first + perGroup) - first;
                            var hc = PackedExt3.Load(auxCurT, Block, g, p);
                            var d0 = fingerprints[first].Denominator(pc);
                            var m0 = LogUp.SignedMultiplicity<PackedFelt>(inter[first], pc);
                            PackedExt3 helper;
                            if (size == 1) helper = hc * d0 - PackedExt3.FromBase(m0);
                            else
                            {
                                var d1 = fingerprints[first + 1].Denominator(pc);
                                var m1 = LogUp.SignedMultiplicity<PackedFelt>(inter[first + 1], pc);
                                helper = hc * d0 * d1 - (d1.MulBase(m0) + d0.MulBase(m1));
                            }
                            all += helper.MulScalar(lam[li + g]);
                            sc += hc;
                            sn += PackedExt3.Load(auxNextT, Block, g, p);
                        }
                        all.Store(scratch.LogUpAll, Block, 0, p);
                        sc.Store(scratch.LogUpSumCur, Block, 0, p);
                        sn.Store(scratch.LogUpSumNext, Block, 0, p);
                    }
                }
            }
            for (int p = packedEnd; p < count; p++)
            {
                int j = qf * (i0 + p) + r;
                for (int c = 0; c < per.Length; c++) per[c] = new Felt(perVals[c][j % perVals[c].Length]);
                table.EvaluateTransition<Felt>(rowsCur.AsSpan(p * frameW, frameW), rowsNext.AsSpan(p * frameW, frameW), per, res);
                for (int i = 0; i < nT; i++) resT[i * count + p] = res[i].Value;
                if (nR > 0)
                {
                    table.EvaluateRow<Felt>(rowsCur.AsSpan(p * frameW, frameW), per, scratch.RowResult);
                    for (int i = 0; i < nR; i++) scratch.RowTransposed[i * count + p] = scratch.RowResult[i].Value;
                }
            }
            // λ-combination of the transition constraints, constraint by constraint across the block (vectorised).
            var t0 = scratch.T0.AsSpan(0, count);
            var t1 = scratch.T1.AsSpan(0, count);
            var t2 = scratch.T2.AsSpan(0, count);
            FieldKernels.LinearCombination(lam.AsSpan(0, nT), resT, count, count, t0, t1, t2);
            var r0 = scratch.R0.AsSpan(0, count);
            var r1 = scratch.R1.AsSpan(0, count);
            var r2 = scratch.R2.AsSpan(0, count);
            FieldKernels.LinearCombination(lam.AsSpan(nT, nR), scratch.RowTransposed, count, count, r0, r1, r2);
            var auxCur = scratch.AuxCur;
            var auxNext = scratch.AuxNext;
            for (int p = 0; p < count; p++)
            {
                int j = qf * (i0 + p) + r;
                var cur = new ReadOnlySpan<Felt>(rowsCur, p * frameW, frameW);
                Ext3 transNum = new(t0[p], t1[p], t2[p]), allNum = new(r0[p], r1[p], r2[p]), firstNum = Ext3.Zero, lastNum = Ext3.Zero;
                for (int i = 0; i < nB; i++)
                {
                    var b = boundaries[i];
                    ulong x = direct ? frameSrc[prepW + b.Column][chunkBase + i0 + p] : curT[(prepW + b.Column) * Block + p];
                    var v = lam[nT + nR + i].MulBase(Goldilocks.Sub(x, Goldilocks.FromU64(b.Value)));
                    if (b.Row == BoundaryRow.First) firstNum += v;
                    else lastNum += v;
                }
                if (nK > 0 && packedLogUp && p < packedEnd)
                {
                    int li = nT + nR + nB;
                    allNum += PackedExt3.Lane(scratch.LogUpAll, Block, 0, p);
                    Ext3 sumCur = PackedExt3.Lane(scratch.LogUpSumCur, Block, 0, p), sumNext = PackedExt3.Lane(scratch.LogUpSumNext, Block, 0, p);
                    Ext3 accCur = PackedExt3.Lane(auxCurT, Block, nG, p), accNext = PackedExt3.Lane(auxNextT, Block, nG, p);
                    transNum += lam[li + nG] * (accNext - accCur - sumNext);
                    firstNum += lam[li + nG + 1] * (accCur - sumCur);
                    lastNum += lam[li + nG + 2] * (accCur - busSum);
                }
                else if (nK > 0)
                {
                    int ic = iCur[p], inx = iNext[p];
                    for (int c = 0; c < auxW; c++)
                    {
                        auxCur[c] = new Ext3(auxSrc[3 * c][ic], auxSrc[3 * c + 1][ic], auxSrc[3 * c + 2][ic]);
                        auxNext[c] = new Ext3(auxSrc[3 * c][inx], auxSrc[3 * c + 1][inx], auxSrc[3 * c + 2][inx]);
                    }
                    int li = nT + nR + nB;
                    Ext3 sumCur = Ext3.Zero, sumNext = Ext3.Zero;
                    var ds = scratch.Denominators.AsSpan();
                    var ms = scratch.Multiplicities.AsSpan();
                    for (int g = 0; g < nG; g++)
                    {
                        int first = g * perGroup, size = Math.Min(nK, first + perGroup) - first;
                        for (int i = 0; i < size; i++)
                        {
                            ds[i] = fingerprints[first + i].Denominator(cur);
                            ms[i] = LogUp.SignedMultiplicity(inter[first + i], cur).Value;
                        }
                        // h·d0 − m0, or h·d0·d1 − (m0·d1 + m1·d0) (LogUp.HelperConstraint with base-field multiplicities).
                        var helper = size == 1
                            ? auxCur[g] * ds[0] - Ext3.FromBase(ms[0])
                            : auxCur[g] * ds[0] * ds[1] - (ds[1].MulBase(ms[0]) + ds[0].MulBase(ms[1]));
                        allNum += lam[li + g] * helper;
                        sumCur += auxCur[g];
                        sumNext += auxNext[g];
                    }
                    Ext3 accCur = auxCur[nG], accNext = auxNext[nG];
                    transNum += lam[li + nG] * (accNext - accCur - sumNext);
                    firstNum += lam[li + nG + 1] * (accCur - sumCur);
                    lastNum += lam[li + nG + 2] * (accCur - busSum);
                }
                ulong zi = zInv[j & (qf - 1)];
                ulong transDiv = Goldilocks.Mul(Goldilocks.Sub(xs[j], omegaNInv), zi);
                var quotient = transNum.MulBase(transDiv) + allNum.MulBase(zi) + firstNum.MulBase(firstInv[j]) + lastNum.MulBase(lastInv[j]);
                (result[0][j], result[1][j], result[2][j]) = (quotient.A0, quotient.A1, quotient.A2);
            }
            return scratch;
        }, _ => { });
        return result;
    }

    /// <summary>Values of each column at z and z·ω_n by barycentric interpolation over the trace domain.</summary>
    private static (Ext3[] AtZ, Ext3[] AtNext) EvaluateOutOfDomain(List<ulong[]> cols, int logn, ulong[][] weights)
    {
        int n = 1 << logn, w = cols.Count;
        var (w0, w1, w2) = (weights[0], weights[1], weights[2]);
        var lastWeight = new Ext3(w0[n - 1], w1[n - 1], w2[n - 1]);
        var atZ = new Ext3[w];
        var atNext = new Ext3[w];
        // Row blocks keep the weights in cache while every column passes over them.
        const int Block = 4096;
        int blocks = (n + Block - 1) / Block;
        var gate = new object();
        Parallel.For(0, blocks, () => (new Ext3[w], new Ext3[w]), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b, _, local) =>
        {
            int start = b * Block, len = Math.Min(Block, n - start);
            var ws0 = w0.AsSpan(start, len);
            var ws1 = w1.AsSpan(start, len);
            var ws2 = w2.AsSpan(start, len);
            for (int c = 0; c < w; c++)
            {
                var f = cols[c];
                local.Item1[c] += FieldKernels.Dot(f.AsSpan(start, len), ws0, ws1, ws2);
                // f(zω) = Σ f_(i+1)·w_i: the same weights against the column shifted by one row.
                int shifted = Math.Min(len, n - 1 - start);
                if (shifted > 0) local.Item2[c] += FieldKernels.Dot(f.AsSpan(start + 1, shifted), ws0[..shifted], ws1[..shifted], ws2[..shifted]);
                if (shifted < len) local.Item2[c] += lastWeight.MulBase(f[0]);
            }
            return local;
        }, local =>
        {
            lock (gate)
            {
                for (int c = 0; c < w; c++)
                {
                    atZ[c] += local.Item1[c];
                    atNext[c] += local.Item2[c];
                }
            }
        });
        return (atZ, atNext);
    }

    /// <summary>
    /// 1/(z − ω^i) for every point ω^i of the trace domain H_n, as three base-field arrays (the components). Blocks of
    /// points run on all cores, each one Montgomery batch inversion per AVX-512 lane (eight extension inversions a block).
    /// </summary>
    private static ulong[][] InversesAt(int logn, Ext3 z)
    {
        int n = 1 << logn;
        ulong w = Goldilocks.RootOfUnity(logn);
        var inv = new[] { GC.AllocateUninitializedArray<ulong>(n), GC.AllocateUninitializedArray<ulong>(n), GC.AllocateUninitializedArray<ulong>(n) };
        const int Block = 4096;
        bool packed = GoldilocksVector.IsSupported && n >= Block;
        Parallel.For(0, (n + Block - 1) / Block, () => new PackedExt3[Block / 8], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b, _, prefix) =>
        {
            int start = b * Block, len = Math.Min(n, start + Block) - start;
            ulong x = Goldilocks.Pow(w, (ulong)start);
            if (!packed)
            {
                var den = new Ext3[len];
                for (int i = 0; i < len; i++, x = Goldilocks.Mul(x, w)) den[i] = z - Ext3.FromBase(x);
                Ext3.BatchInverse(den);
                for (int i = 0; i < len; i++) (inv[0][start + i], inv[1][start + i], inv[2][start + i]) = (den[i].A0, den[i].A1, den[i].A2);
                return prefix;
            }
            var xs = Powers8(x, w);
            var step = PackedFelt.FromBase(Goldilocks.Pow(w, 8));
            var zp = Broadcast(z);
            var acc = new PackedExt3(PackedFelt.One, PackedFelt.Zero, PackedFelt.Zero);
            // Forward: prefix products per lane; the denominators wait in the output arrays.
            for (int k = 0, i = start; k < Block / 8; k++, i += 8)
            {
                var d = zp - PackedExt3.FromBase(xs);
                prefix[k] = acc;
                acc *= d;
                StoreSoA(inv, i, d);
                xs *= step;
            }
            var r = InvertLanes(acc);
            for (int k = Block / 8 - 1, i = start + Block - 8; k >= 0; k--, i -= 8)
            {
                var d = LoadSoA(inv, i);
                StoreSoA(inv, i, r * prefix[k]);
                r *= d;
            }
            return prefix;
        }, _ => { });
        return inv;
    }

    /// <summary>The three components of eight consecutive extension elements at [i, i+8) of three base-field arrays.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PackedExt3 LoadSoA(ulong[][] a, int i) =>
        new(new PackedFelt(Vector512.LoadUnsafe(ref a[0][i])), new PackedFelt(Vector512.LoadUnsafe(ref a[1][i])), new PackedFelt(Vector512.LoadUnsafe(ref a[2][i])));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSoA(ulong[][] a, int i, PackedExt3 v)
    {
        v.A0.Lanes.StoreUnsafe(ref a[0][i]);
        v.A1.Lanes.StoreUnsafe(ref a[1][i]);
        v.A2.Lanes.StoreUnsafe(ref a[2][i]);
    }

    private static PackedExt3 Broadcast(Ext3 e) => new(PackedFelt.FromBase(e.A0), PackedFelt.FromBase(e.A1), PackedFelt.FromBase(e.A2));

    /// <summary>(x, x·w, …, x·w^7) in the lanes.</summary>
    private static PackedFelt Powers8(ulong x, ulong w)
    {
        Span<ulong> lanes = stackalloc ulong[8];
        for (int l = 0; l < 8; l++, x = Goldilocks.Mul(x, w)) lanes[l] = x;
        return new PackedFelt(Vector512.Create<ulong>(lanes));
    }

    /// <summary>Each lane's inverse (eight extension inversions); a zero lane throws DivideByZeroException.</summary>
    private static PackedExt3 InvertLanes(PackedExt3 v)
    {
        Span<ulong> l0 = stackalloc ulong[8], l1 = stackalloc ulong[8], l2 = stackalloc ulong[8];
        v.A0.Lanes.CopyTo(l0);
        v.A1.Lanes.CopyTo(l1);
        v.A2.Lanes.CopyTo(l2);
        for (int l = 0; l < 8; l++)
        {
            var e = new Ext3(l0[l], l1[l], l2[l]).Inverse();
            (l0[l], l1[l], l2[l]) = (e.A0, e.A1, e.A2);
        }
        return new(new PackedFelt(Vector512.Create<ulong>(l0)), new PackedFelt(Vector512.Create<ulong>(l1)), new PackedFelt(Vector512.Create<ulong>(l2)));
    }

    /// <summary>w_i = (z^n − 1)/n · ω^i/(z − ω^i) as three base-field arrays, so f(z) = Σ f_i·w_i and f(zω) = Σ f_(i+1)·w_i.</summary>
    private static ulong[][] BarycentricWeights(int logn, Ext3 z, ulong[][] inverses)
    {
        int n = 1 << logn;
        ulong w = Goldilocks.RootOfUnity(logn);
        var weights = new[] { GC.AllocateUninitializedArray<ulong>(n), GC.AllocateUninitializedArray<ulong>(n), GC.AllocateUninitializedArray<ulong>(n) };
        var scale = (z.Pow((ulong)n) - Ext3.One).MulBase(Goldilocks.Inverse((ulong)n));
        const int Block = 16384;
        Parallel.For(0, (n + Block - 1) / Block, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b) =>
        {
            int start = b * Block, end = Math.Min(n, start + Block), i = start;
            ulong x = Goldilocks.Pow(w, (ulong)start);
            if (GoldilocksVector.IsSupported && end - start >= 8)
            {
                var xs = Powers8(x, w);
                var step = PackedFelt.FromBase(Goldilocks.Pow(w, 8));
                for (; i + 8 <= end; i += 8, xs *= step) StoreSoA(weights, i, LoadSoA(inverses, i).MulBase(xs).MulScalar(scale));
                x = Goldilocks.Mul(x, Goldilocks.Pow(w, (ulong)(i - start)));
            }
            for (; i < end; i++, x = Goldilocks.Mul(x, w))
            {
                var v = (new Ext3(inverses[0][i], inverses[1][i], inverses[2][i]) * scale).MulBase(x);
                (weights[0][i], weights[1][i], weights[2][i]) = (v.A0, v.A1, v.A2);
            }
        });
        return weights;
    }

    /// <summary>
    /// Group g's DEEP polynomial D on the LDE domain in natural order. γ powers run over every table's committed columns in
    /// table order, then over each group's composition chunks in group order; table t's next-row term has β^(t+1). With
    /// P = Σ γ^k·(column or chunk k) and S = Σ_t β^(t+1)·S_t (S_t the γ-combination of table t's columns),
    /// D = (P − P(z))/(X − z) + (S − S(zω))/(X − zω) has degree &lt; n, so its values on the trace domain H_n, where every
    /// column and chunk is known, determine it: there the quotients are one product each by 1/(ω^i − z) (the out-of-domain
    /// inverses) instead of two sequential synthetic divisions of the coefficients. Then one low-degree extension.
    /// </summary>
    private Ext3[] DeepEvaluations(int group, LdeMatrix comp, Ext3 z, Ext3 gamma, Ext3 beta, Ext3[][] oodZ, Ext3[][] oodNext, Ext3[][] oodComp, ulong[][] inverses)
    {
        int logH = _groups.LogHeights[group], h = 1 << logH, blowup = 1 << _logB;
        Ext3 claimedPz = Ext3.Zero, claimedSzw = Ext3.Zero;
        Ext3 gPow = Ext3.One, bPow = beta;
        // Each table's γ-combination S_t on H_n as three base-field arrays, with its weight β^(t+1) in S.
        var tables = new List<(ulong[][] S, Ext3 Weight)>();
        const int Block = 2048;
        for (int t = 0; t < _layouts.Length; t++)
        {
            var cols = _cols[t];
            if (_groups.GroupOf[t] != group)
            {
                gPow *= gamma.Pow((ulong)cols.Count);
                bPow *= beta;
                continue;
            }
            var coeffs = new Ext3[cols.Count];
            Ext3 claimedNext = Ext3.Zero;
            for (int c = 0; c < cols.Count; c++)
            {
                coeffs[c] = gPow;
                claimedPz += gPow * oodZ[t][c];
                claimedNext += gPow * oodNext[t][c];
                gPow *= gamma;
            }
            var st = new[] { GC.AllocateUninitializedArray<ulong>(h), GC.AllocateUninitializedArray<ulong>(h), GC.AllocateUninitializedArray<ulong>(h) };
            Parallel.For(0, (h + Block - 1) / Block, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (blk) =>
            {
                int start = blk * Block, len = Math.Min(h, start + Block) - start;
                // Uninitialised arrays, each block cleared by the worker that fills it: an accumulator of fresh zeroed
                // memory is read before it is written, so every page was mapped to the zero page first and then copied,
                // with a TLB flush on both cores (0.2 s of system time at 2^20).
                foreach (var a in st) a.AsSpan(start, len).Clear();
                // Column by column (sequential streams the prefetcher follows): the lazily reduced LinearCombination, which
                // reads all columns for every eight rows, measured 1.6x slower here (100 columns x 2^16: 34 ms against 21).
                for (int c = 0; c < cols.Count; c++)
                    FieldKernels.AddScaled(coeffs[c], cols[c].AsSpan(start, len), st[0].AsSpan(start, len), st[1].AsSpan(start, len), st[2].AsSpan(start, len));
            });
            tables.Add((st, bPow));
            claimedSzw += bPow * claimedNext;
            bPow *= beta;
        }
        for (int g = 0; g < group; g++) gPow *= gamma.Pow((ulong)(3 * Chunks(g)));
        var chunkCoeffs = new Ext3[comp.Width];
        for (int c = 0; c < comp.Width; c++)
        {
            chunkCoeffs[c] = gPow;
            claimedPz += gPow * oodComp[group][c];
            gPow *= gamma;
        }
        ulong omegaInv = Goldilocks.Inverse(Goldilocks.RootOfUnity(logH));
        // On H_n: D(ω^i) = (P(z) − P_i)·1/(z − ω^i) + (S(zω) − S_i)·ω^(−1)·1/(z − ω^(i−1)). The composition part of P is
        // summed per block in the worker's scratch, and D is written over the first table's combination (each point's
        // values are read before its D is stored), so no further array of h points is allocated.
        var output = tables[0].S;
        Parallel.For(0, (h + Block - 1) / Block, () => new ulong[3 * Block], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (blk, _, cs) =>
        {
            int start = blk * Block, len = Math.Min(h, start + Block) - start;
            var c0 = cs.AsSpan(0, len);
            var c1 = cs.AsSpan(Block, len);
            var c2 = cs.AsSpan(2 * Block, len);
            c0.Clear();
            c1.Clear();
            c2.Clear();
            for (int c = 0; c < comp.Width; c++) FieldKernels.AddScaled(chunkCoeffs[c], comp.TraceDomain(c).AsSpan(start, len), c0, c1, c2);
            int i = start, end = start + len;
            if (GoldilocksVector.IsSupported)
            {
                // Eight points at a time, after the first eight of the domain (point 0's previous point wraps to n − 1).
                for (int head = Math.Min(end, Math.Max(start, 8)); i < head; i++) DeepPoint(i, cs, i - start);
                var pz = Broadcast(claimedPz);
                var szw = Broadcast(claimedSzw);
                var wInv = PackedFelt.FromBase(omegaInv);
                for (; i + 8 <= end; i += 8)
                {
                    int k = i - start;
                    var pi = new PackedExt3(new PackedFelt(Vector512.LoadUnsafe(ref cs[k])), new PackedFelt(Vector512.LoadUnsafe(ref cs[Block + k])),
                        new PackedFelt(Vector512.LoadUnsafe(ref cs[2 * Block + k])));
                    var si = PackedExt3.Zero;
                    foreach (var (st, weight) in tables)
                    {
                        var v = LoadSoA(st, i);
                        pi += v;
                        si += v.MulScalar(weight);
                    }
                    StoreSoA(output, i, (pz - pi) * LoadSoA(inverses, i) + (szw - si).MulBase(wInv) * LoadSoA(inverses, i - 1));
                }
            }
            for (; i < end; i++) DeepPoint(i, cs, i - start);
            return cs;
        }, _ => { });

        void DeepPoint(int i, ulong[] cs, int k)
        {
            Ext3 pi = new(cs[k], cs[Block + k], cs[2 * Block + k]), si = Ext3.Zero;
            foreach (var (st, weight) in tables)
            {
                Ext3 v = new(st[0][i], st[1][i], st[2][i]);
                pi += v;
                si += weight * v;
            }
            int prev = (i - 1) & (h - 1);
            var d = (claimedPz - pi) * new Ext3(inverses[0][i], inverses[1][i], inverses[2][i])
                + (claimedSzw - si).MulBase(omegaInv) * new Ext3(inverses[0][prev], inverses[1][prev], inverses[2][prev]);
            (output[0][i], output[1][i], output[2][i]) = (d.A0, d.A1, d.A2);
        }

        // D has degree < n: its values on H_n extend to the blowup cosets ω_M^c·H_n (coset 0 is H_n itself), interleaved
        // into H_M's natural order, position c + blowup·i.
        var shifts = LdeMatrix.Shifts(logH, _logB);
        var lde = new ulong[3][];
        Parallel.For(0, 3, a =>
        {
            lde[a] = GC.AllocateUninitializedArray<ulong>(blowup * h);
            Ntt.LowDegreeExtend(output[a], shifts, logH, lde[a], new ulong[h]);
        });
        var evals = GC.AllocateUninitializedArray<Ext3>(blowup * h);
        Parallel.For(0, blowup, c =>
        {
            ulong[] e0 = lde[0], e1 = lde[1], e2 = lde[2];
            for (int i = 0, k = c * h; i < h; i++, k++) evals[c + blowup * i] = new Ext3(e0[k], e1[k], e2[k]);
        });
        return evals;
    }
}

/// <summary>Buffers one worker reuses across composition blocks.</summary>
internal sealed class CompositionScratch(int block, int frameWidth, int transitions, int rows, int periodic, int auxWidth)
{
    public readonly Felt[] RowsCur = new Felt[block * frameWidth];
    public readonly Felt[] RowsNext = new Felt[block * frameWidth];
    public readonly int[] ICur = new int[block];
    public readonly int[] INext = new int[block];
    public readonly Felt[] Periodic = new Felt[periodic];
    public readonly Felt[] Result = new Felt[transitions];
    public readonly ulong[] Transposed = new ulong[transitions * block];
    public readonly ulong[] T0 = new ulong[block];
    public readonly ulong[] T1 = new ulong[block];
    public readonly ulong[] T2 = new ulong[block];
    public readonly Felt[] RowResult = new Felt[rows];
    public readonly ulong[] RowTransposed = new ulong[rows * block];
    public readonly ulong[] R0 = new ulong[block];
    public readonly ulong[] R1 = new ulong[block];
    public readonly ulong[] R2 = new ulong[block];
    public readonly Ext3[] AuxCur = new Ext3[auxWidth];
    public readonly Ext3[] Denominators = new Ext3[2];
    public readonly ulong[] Multiplicities = new ulong[2];
    public readonly Ext3[] AuxNext = new Ext3[auxWidth];
    public readonly ulong[] CurT = new ulong[block * frameWidth];
    public readonly ulong[] NextT = new ulong[block * frameWidth];
    public readonly PackedFelt[] PackedCur = new PackedFelt[frameWidth];
    public readonly PackedFelt[] PackedNext = new PackedFelt[frameWidth];
    public readonly PackedFelt[] PackedPeriodic = new PackedFelt[periodic];
    public readonly PackedFelt[] PackedResult = new PackedFelt[transitions];
    public readonly PackedFelt[] PackedRowResult = new PackedFelt[rows];
    public readonly ulong[] AuxCurT = new ulong[3 * auxWidth * block];
    public readonly ulong[] AuxNextT = new ulong[3 * auxWidth * block];
    public readonly ulong[] LogUpAll = new ulong[3 * block];
    public readonly ulong[] LogUpSumCur = new ulong[3 * block];
    public readonly ulong[] LogUpSumNext = new ulong[3 * block];
}
