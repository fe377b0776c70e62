using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Stark;

/// <summary>LogUp arithmetic shared by prover and verifier: fingerprints α − (bus + Σ β^(i+1)·v_i) and signed multiplicities.</summary>
public static class LogUp
{
    /// <summary>α − (bus + Σ_i β^(i+1)·value_i) for a base-field frame.</summary>
    public static Ext3 Denominator(Interaction interaction, ReadOnlySpan<Felt> frame, Ext3 alpha, Ext3 beta)
    {
        Ext3 acc = Ext3.FromBase((ulong)interaction.Bus), bp = beta;
        foreach (var v in interaction.Values)
        {
            acc += bp.MulBase(v.Evaluate(frame).Value);
            bp *= beta;
        }
        return alpha - acc;
    }

    /// <summary>α − (bus + Σ_i β^(i+1)·value_i) for an extension-field frame (out-of-domain).</summary>
    public static Ext3 Denominator(Interaction interaction, ReadOnlySpan<Ext3> frame, Ext3 alpha, Ext3 beta)
    {
        Ext3 acc = Ext3.FromBase((ulong)interaction.Bus), bp = beta;
        foreach (var v in interaction.Values)
        {
            acc += bp * v.Evaluate(frame);
            bp *= beta;
        }
        return alpha - acc;
    }

    /// <summary>
    /// The helper-column constraint for a group of one or two interactions: h·d0 − m0, or h·d0·d1 − (m0·d1 + m1·d0);
    /// zero exactly when h = Σ m_i/d_i (denominators are non-zero w.h.p.).
    /// </summary>
    public static Ext3 HelperConstraint(Ext3 h, ReadOnlySpan<Ext3> d, ReadOnlySpan<Ext3> m) => d.Length == 1
        ? h * d[0] - m[0]
        : h * d[0] * d[1] - (m[0] * d[1] + m[1] * d[0]);

    /// <summary>+multiplicity for a send, −multiplicity for a receive.</summary>
    public static T SignedMultiplicity<T>(Interaction interaction, ReadOnlySpan<T> frame) where T : struct, IFieldElement<T>
    {
        var m = interaction.Multiplicity.Evaluate(frame);
        return interaction.IsSend ? m : -m;
    }

    /// <summary>
    /// Σ ±m/(α − fingerprint) over every table's public bus terms, which the bus total must cancel; null with a reason
    /// when a term's tuple width differs from its bus's or names a bus no table uses.
    /// </summary>
    public static Ext3? PublicSum(AirSystem air, ReadOnlySpan<ulong> publicInputs, Ext3 alpha, Ext3 beta, out string? error)
    {
        error = null;
        var widths = new Dictionary<int, int>();
        foreach (var t in air.Tables)
            foreach (var i in t.Interactions) widths[i.Bus] = i.Values.Count;
        // Fingerprints first, then one batch inversion (Montgomery's trick): a segment's statement can carry hundreds of
        // thousands of memory words, and one extension inversion each was most of a receipt's verification.
        var numerators = new List<Ext3>();
        var denominators = new List<Ext3>();
        foreach (var t in air.Tables)
        {
            foreach (var p in t.PublicInteractions(publicInputs))
            {
                if (!widths.TryGetValue(p.Bus, out int width))
                {
                    error = $"table '{t.Name}': a public bus term is on bus {p.Bus}, which no table interaction uses";
                    return null;
                }
                if (p.Values.Count != width)
                {
                    error = $"table '{t.Name}': a public bus term on bus {p.Bus} carries {p.Values.Count} values, the bus carries {width}";
                    return null;
                }
                Ext3 acc = Ext3.FromBase((ulong)p.Bus), bp = beta;
                foreach (var v in p.Values)
                {
                    acc += bp.MulBase(Goldilocks.FromU64(v));
                    bp *= beta;
                }
                var m = Ext3.FromBase(Goldilocks.FromU64(p.Multiplicity));
                numerators.Add(p.IsSend ? m : -m);
                denominators.Add(alpha - acc);
            }
        }
        // Runs: d_i = α − (bus + β·(first + i) + β²·v_i), stepping β·position by β instead of multiplying, numerators ±1.
        var runs = new List<(PublicRun Run, int At)>();
        int runTerms = 0;
        foreach (var t in air.Tables)
        {
            foreach (var r in t.PublicRuns(publicInputs))
            {
                if (r.Check(publicInputs.Length) is { } bad)
                {
                    error = $"table '{t.Name}': {bad}";
                    return null;
                }
                if (!widths.TryGetValue(r.Bus, out int width) || width != 2)
                {
                    error = $"table '{t.Name}': a public run is on bus {r.Bus}, which no table interaction of two values uses";
                    return null;
                }
                runs.Add((r, runTerms));
                runTerms += r.Count;
            }
        }
        var beta2 = beta * beta;
        var runSums = new Ext3[runs.Count];
        for (int k = 0; k < runs.Count; k++)
        {
            var r = runs[k].Run;
            var d0 = alpha - Ext3.FromBase((ulong)r.Bus) - beta.MulBase(Goldilocks.FromU64(r.FirstPosition));
            runSums[k] = RunInverseSum(publicInputs.Slice(r.ValuesAt, r.Count), d0, beta, beta2);
        }
        // A zero denominator means α hit a public fingerprint (probability ~ terms/|F|): it zeroes the batch's product,
        // whose inversion throws as a single one would, and the caller rejects.
        var inverses = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(denominators);
        Ext3.BatchInverse(inverses);
        Ext3 sum = Ext3.Zero;
        for (int i = 0; i < inverses.Length; i++) sum += numerators[i] * inverses[i];
        for (int k = 0; k < runs.Count; k++) sum = runs[k].Run.IsSend ? sum + runSums[k] : sum - runSums[k];
        return sum;
    }

    /// <summary>
    /// Σ_i 1/(d0 − i·β − β²·v_i) over a run's values, as one fraction N/D (N·d + D over D·d a term: two extension
    /// products, no array) in chunks on all cores, one inversion at the end. A zero denominator zeroes D, and the
    /// inversion throws as a single one would.
    /// </summary>
    private static Ext3 RunInverseSum(ReadOnlySpan<ulong> values, Ext3 d0, Ext3 beta, Ext3 beta2)
    {
        const int Chunk = 1 << 14;
        int chunks = (values.Length + Chunk - 1) / Chunk;
        if (chunks == 0) return Ext3.Zero;
        var nums = new Ext3[chunks];
        var dens = new Ext3[chunks];
        var copy = values.ToArray();
        Parallel.For(0, chunks, c =>
        {
            int from = c * Chunk, to = Math.Min(copy.Length, from + Chunk);
            var d = d0 - beta.MulBase(Goldilocks.FromU64((ulong)from));
            Ext3 n = Ext3.Zero, den = Ext3.One;
            for (int i = from; i < to; i++)
            {
                var di = d - beta2.MulBase(Goldilocks.FromU64(copy[i]));
                n = n * di + den;
                den *= di;
                d -= beta;
            }
            nums[c] = n;
            dens[c] = den;
        });
        Ext3 num = nums[0], denom = dens[0];
        for (int c = 1; c < chunks; c++)
        {
            num = num * dens[c] + nums[c] * denom;
            denom *= dens[c];
        }
        return num * denom.Inverse();
    }
}
