using Wsc.Zk.Field;

namespace Wsc.Zk.Air;

/// <summary>
/// Debugging aid for AIR authors: evaluates every constraint of every table on the trace itself and balances the
/// buses, naming the first failure. The prover does not need it (a bad trace yields a proof the verifier rejects),
/// but it turns "out-of-domain check failed" into "table 'cpu': transition constraint 3 fails at row 17".
/// </summary>
public static class TraceChecker
{
    /// <summary>Null when the traces satisfy the AIR, else a one-line description of the first violation.</summary>
    public static string? Check(AirSystem air, IReadOnlyList<ulong[][]> traces, ReadOnlySpan<ulong> publicInputs)
    {
        if (traces.Count != air.Tables.Count) return $"expected {air.Tables.Count} table traces, got {traces.Count}";
        var bus = new Dictionary<string, (ulong Count, string Where)>(StringComparer.Ordinal);
        for (int t = 0; t < air.Tables.Count; t++)
        {
            var table = air.Tables[t];
            var main = traces[t];
            if (main.Length != table.MainWidth) return $"table '{table.Name}': {main.Length} columns, expected {table.MainWidth}";
            int n = main[0].Length;
            var prep = table.GeneratePreprocessed(n);
            int w = table.PreprocessedWidth + table.MainWidth;
            ulong[] Column(int c) => c < table.PreprocessedWidth ? prep[c] : main[c - table.PreprocessedWidth];
            var cur = new Felt[w];
            var next = new Felt[w];
            var periodic = table.PeriodicAndPublic(publicInputs);
            var per = new Felt[periodic.Count];
            var res = new Felt[table.TransitionDegrees.Count];
            var rowRes = new Felt[table.RowDegrees.Count];
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < w; c++)
                {
                    cur[c] = new Felt(Column(c)[i]);
                    next[c] = new Felt(Column(c)[(i + 1) % n]);
                }
                for (int c = 0; c < per.Length; c++) per[c] = new Felt(periodic[c][i % periodic[c].Length]);
                if (i < n - 1)
                {
                    table.EvaluateTransition<Felt>(cur, next, per, res);
                    for (int k = 0; k < res.Length; k++)
                        if (res[k].Value != 0) return $"table '{table.Name}': transition constraint {k} fails at row {i}";
                }
                table.EvaluateRow<Felt>(cur, per, rowRes);
                for (int k = 0; k < rowRes.Length; k++)
                    if (rowRes[k].Value != 0) return $"table '{table.Name}': row constraint {k} fails at row {i}";
                foreach (var inter in table.Interactions)
                {
                    ulong m = inter.Multiplicity.Evaluate<Felt>(cur).Value;
                    if (m == 0) continue;
                    var key = $"{inter.Bus}:{string.Join(",", inter.Values.Select(v => v.Evaluate<Felt>(cur).Value))}";
                    var (count, _) = bus.GetValueOrDefault(key);
                    count = inter.IsSend ? Goldilocks.Add(count, m) : Goldilocks.Sub(count, m);
                    bus[key] = (count, $"table '{table.Name}' row {i}");
                }
            }
            foreach (var b in table.BoundaryConstraints(publicInputs, n))
            {
                int row = b.Row == BoundaryRow.First ? 0 : n - 1;
                if (main[b.Column][row] != Goldilocks.FromU64(b.Value))
                    return $"table '{table.Name}': boundary constraint on column {b.Column} at row {row} expects {Goldilocks.FromU64(b.Value)}, trace has {main[b.Column][row]}";
            }
        }
        foreach (var table in air.Tables)
        {
            var pub = publicInputs.ToArray();
            foreach (var p in table.PublicInteractions(publicInputs).Concat(table.PublicRuns(publicInputs).SelectMany(r => r.Check(pub.Length) is null ? r.Expand(pub) : throw new ArgumentException(r.Check(pub.Length)))))
            {
                var key = $"{p.Bus}:{string.Join(",", p.Values.Select(Goldilocks.FromU64))}";
                var (count, _) = bus.GetValueOrDefault(key);
                ulong m = Goldilocks.FromU64(p.Multiplicity);
                count = p.IsSend ? Goldilocks.Add(count, m) : Goldilocks.Sub(count, m);
                bus[key] = (count, $"the public bus terms of table '{table.Name}'");
            }
        }
        foreach (var (key, (count, where)) in bus)
        {
            if (count != 0) return $"bus {key.Split(':')[0]} does not balance for values ({key.Split(':')[1]}): net count {count} (last seen in {where})";
        }
        return null;
    }
}
