using Wsc.Zk.Air;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Fri;

namespace Wsc.Zk.Stark;

/// <summary>Verifies STARK proofs. Never throws on a bad proof: every failure is an invalid result with a reason.</summary>
public static class StarkVerifier
{
    /// <summary>Decodes and verifies serialized proof bytes against a verifying key (the client path).</summary>
    public static VerificationResult Verify(AirSystem air, VerifyingKey key, ReadOnlySpan<ulong> publicInputs, ReadOnlySpan<byte> proofBytes)
    {
        StarkProof proof;
        try
        {
            proof = StarkProof.Decode(proofBytes);
        }
        catch (ProofFormatException e)
        {
            return VerificationResult.Invalid(e.Message);
        }
        return Verify(air, key, publicInputs, proof);
    }

    /// <summary>
    /// Verifies a proof of the AIR with these public inputs under a verifying key, which fixes the options, the heights
    /// each table may have and the preprocessed commitment. Heights outside the key are refused first.
    /// </summary>
    public static VerificationResult Verify(AirSystem air, VerifyingKey key, ReadOnlySpan<ulong> publicInputs, StarkProof proof)
    {
        try
        {
            var reason = new VerifierSession(air, publicInputs.ToArray(), proof, key).Run();
            return reason is null ? VerificationResult.Valid with { StatementRoot = (byte[]?)proof.StatementRoot?.Clone() } : VerificationResult.Invalid(reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The checks reject malformed proofs by value; this is the backstop that keeps the API total, e.g. for a
            // proof crafted so that z lands on the trace domain (division by zero) or an AIR that throws.
            return VerificationResult.Invalid($"proof rejected: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Decodes and verifies serialized proof bytes; see the <see cref="StarkProof"/> overload.</summary>
    public static VerificationResult Verify(AirSystem air, ReadOnlySpan<ulong> publicInputs, ReadOnlySpan<byte> proofBytes, ProofOptions expectedOptions, VerifyingKey? key = null)
    {
        StarkProof proof;
        try
        {
            proof = StarkProof.Decode(proofBytes);
        }
        catch (ProofFormatException e)
        {
            return VerificationResult.Invalid(e.Message);
        }
        return Verify(air, publicInputs, proof, expectedOptions, key);
    }

    /// <summary>
    /// Verifies under the expected options. Without a key it checks the proof at the heights the proof states (the
    /// caller should read <see cref="StarkProof.LogHeights"/> if heights matter); for an AIR with preprocessed columns it
    /// first commits them (<c>VerifyingKey.Create</c>, bounded by the AIR's fixed heights, not by the proof), which links
    /// prover code: clients use the <see cref="VerifyingKey"/> overload.
    /// </summary>
    public static VerificationResult Verify(AirSystem air, ReadOnlySpan<ulong> publicInputs, StarkProof proof, ProofOptions expectedOptions, VerifyingKey? key = null)
    {
        if (key is not null)
        {
            return key.Options == expectedOptions
                ? Verify(air, key, publicInputs, proof)
                : VerificationResult.Invalid($"the verifying key's options {key.Options} differ from the expected {expectedOptions}");
        }
        if (proof.LogHeights.Length != air.Tables.Count) return VerificationResult.Invalid($"proof has {proof.LogHeights.Length} tables, the AIR has {air.Tables.Count}");
        if (proof.Options != expectedOptions) return VerificationResult.Invalid($"proof options {proof.Options} differ from the expected {expectedOptions}");
        int logB = System.Numerics.BitOperations.Log2((uint)expectedOptions.Blowup);
        if (proof.LogHeights.Any(h => h > VerifyingKey.MaxLogHeight || h + logB > VerifyingKey.MaxLogLde))
            return VerificationResult.Invalid($"proof claims heights 2^[{string.Join(",", proof.LogHeights)}] beyond what the engine proves");
        try
        {
            HeightRange[] heights = [.. proof.LogHeights.Select(HeightRange.Exactly)];
            key = air.Tables.Any(t => t.PreprocessedWidth > 0)
                ? VerifyingKey.Create(air, heights, expectedOptions)
                : VerifyingKey.WithoutPreprocessed(air, heights, expectedOptions);
        }
        catch (ArgumentException e)
        {
            return VerificationResult.Invalid(e.Message);
        }
        return Verify(air, key, publicInputs, proof);
    }
}

/// <summary>One verification: replays the transcript and checks every claim; returns null when valid, else the reason.</summary>
internal sealed class VerifierSession(AirSystem air, ulong[] pub, StarkProof proof, VerifyingKey key)
{
    private static readonly Ext3 U = new(0, 1, 0);
    private static readonly Ext3 U2 = U * U;

    private static Ext3 FromComponents(Ext3 v0, Ext3 v1, Ext3 v2) => v0 + U * v1 + U2 * v2;

    public string? Run()
    {
        // The key's heights come first: nothing below may cost more than the key allows.
        if (key.Admit(air, proof.Options, proof.LogHeights) is { } refused) return refused;
        var expected = key.Options;
        for (int i = 0; i < pub.Length; i++)
        {
            // The transcript absorbs the u64 while constraints see it mod p: only canonical values have one meaning.
            if (pub[i] >= Goldilocks.P) return $"public input {i} = {pub[i]} is not a canonical field element (>= p)";
        }
        var layouts = TableLayout.For(air);
        int tables = layouts.Length;
        for (int t = 0; t < tables; t++)
        {
            if (2 * layouts[t].QuotientFactor > expected.Blowup) return $"table '{layouts[t].Air.Name}' needs a larger blowup";
        }
        var groups = new HeightGroups(proof.LogHeights);
        int G = groups.Count, logB = System.Numerics.BitOperations.Log2((uint)expected.Blowup);
        int Width(int g, Func<TableLayout, int> width) => groups.Tables[g].Sum(t => width(layouts[t]));

        // The preprocessed commitment is the key's (over the AIR's fixed heights, which Admit has held the proof to).
        var prepRoots = new List<byte[]>();
        if (Enumerable.Range(0, G).Any(g => Width(g, l => l.PreprocessedWidth) > 0))
        {
            if (key.PreprocessedRoot is not { } root) return "the verifying key has no preprocessed commitment";
            if (proof.PreprocessedRoot is not { } claimed || !claimed.AsSpan().SequenceEqual(root)) return "preprocessed commitment does not match the verifying key";
            prepRoots.Add(root);
        }
        else if (proof.PreprocessedRoot is not null || proof.PreprocessedOpening is not null)
        {
            return "proof carries a preprocessed commitment the AIR does not have";
        }

        // The statement commitment comes with the proof (the caller binds it, VerificationResult.StatementRoot) and is
        // absorbed after the preprocessed one, before any challenge.
        bool hasStatement = layouts.Any(l => l.StatementWidth > 0);
        if (hasStatement && proof.StatementRoot is null) return "statement commitment is missing";
        if (!hasStatement && (proof.StatementRoot is not null || proof.StatementOpening is not null))
            return "proof carries a statement commitment the AIR does not have";
        var startRoots = ProtocolTranscript.StartRoots(prepRoots.Count > 0 ? prepRoots[0] : null, hasStatement ? proof.StatementRoot : null);
        var tr = ProtocolTranscript.Start(key.AirDigest, air, expected, startRoots, proof.LogHeights, pub);
        tr.Absorb(proof.MainRoot);

        bool anyBus = layouts.Any(l => l.InteractionCount > 0);
        Ext3 alpha = default, beta = default;
        var busSum = new Ext3[tables];
        if (anyBus)
        {
            int busTables = layouts.Count(l => l.InteractionCount > 0);
            if (proof.BusSums.Length != busTables) return $"expected {busTables} bus sums, got {proof.BusSums.Length}";
            alpha = tr.DrawExt();
            beta = tr.DrawExt();
            bool has = Enumerable.Range(0, G).Any(g => Width(g, l => l.AuxBaseWidth) > 0);
            if (has != proof.AuxRoot is not null) return has ? "auxiliary (LogUp) commitment is missing" : "proof carries auxiliary columns the AIR does not have";
            if (proof.AuxRoot is { } r) tr.Absorb(r);
            tr.AbsorbExt(proof.BusSums);
            var publicSum = LogUp.PublicSum(air, pub, alpha, beta, out var publicError);
            if (publicSum is null) return publicError;
            Ext3 total = publicSum.Value;
            for (int t = 0, s = 0; t < tables; t++)
            {
                if (layouts[t].InteractionCount == 0) continue;
                busSum[t] = proof.BusSums[s++];
                total += busSum[t];
            }
            if (!total.IsZero) return "buses do not balance: the LogUp sums of all tables and the public bus terms do not add up to zero";
        }
        else if (proof.AuxRoot is not null || proof.AuxOpening is not null || proof.BusSums.Length != 0)
        {
            return "proof carries auxiliary columns the AIR does not have";
        }
        else if (air.Tables.Any(t => t.HasPublicTerms(pub)))
        {
            return "the AIR declares public bus terms but no table interaction to balance them";
        }

        var lambda = tr.DrawExt();
        tr.Absorb(proof.CompositionRoot);
        var z = tr.DrawExt();

        var chunks = new int[G];
        for (int g = 0; g < G; g++) chunks[g] = groups.Tables[g].Max(t => layouts[t].QuotientFactor);
        int tableOod = layouts.Sum(l => 2 * l.CommittedWidth);
        int oodCount = tableOod + 3 * chunks.Sum();
        if (proof.OodValues.Length != oodCount) return $"expected {oodCount} out-of-domain values, got {proof.OodValues.Length}";
        tr.AbsorbExt(proof.OodValues);

        // Composition identity at z: Σ_t C_t(z) = Σ_g Σ_k z^(k·n_g)·H_(g,k)(z).
        Ext3 lamPow = Ext3.One, lhs = Ext3.Zero;
        int off = 0;
        var oodAt = new (int Z, int Next)[tables];
        for (int t = 0; t < tables; t++)
        {
            var l = layouts[t];
            oodAt[t] = (off, off + l.CommittedWidth);
            var c = EvaluateConstraintsAtZ(l, proof.LogHeights[t], z, proof.OodValues.AsSpan(off, l.CommittedWidth),
                proof.OodValues.AsSpan(off + l.CommittedWidth, l.CommittedWidth), alpha, beta, lambda, busSum[t], ref lamPow, out var err);
            if (err is not null) return err;
            lhs += c;
            off += 2 * l.CommittedWidth;
        }
        var compOff = new int[G];
        Ext3 rhs = Ext3.Zero;
        for (int g = 0; g < G; g++)
        {
            compOff[g] = off;
            Ext3 zN = z.Pow(1UL << groups.LogHeights[g]), zk = Ext3.One;
            for (int k = 0; k < chunks[g]; k++)
            {
                var h = FromComponents(proof.OodValues[off + 3 * k], proof.OodValues[off + 3 * k + 1], proof.OodValues[off + 3 * k + 2]);
                rhs += zk * h;
                zk *= zN;
            }
            off += 3 * chunks[g];
        }
        if (lhs != rhs) return "out-of-domain check failed: the constraints do not match the composition polynomial (the trace breaks a constraint or the proof is altered)";

        var gamma = tr.DrawExt();
        var deepBeta = tr.DrawExt();
        var logSizes = groups.LogHeights.Select(h => h + logB).ToArray();
        var fri = FriVerifier.Begin(proof.Fri, logSizes, logB, expected.FoldingFactor, expected.RemainderSize, tr, out var friErr);
        if (fri is null) return friErr;
        if (!tr.CheckProofOfWork(proof.PowNonce, expected.GrindingBits)) return "proof-of-work nonce does not meet the grinding target";
        tr.AbsorbU64(proof.PowNonce);
        var positions = tr.DrawPositions(expected.Queries, 1 << logSizes[0]);

        // γ powers over every table's committed columns (table order), then each group's composition chunks.
        Ext3[] gammas;
        var gammaAt = new int[tables];
        var compGammaAt = new int[G];
        {
            Ext3 gp = Ext3.One;
            int gi = 0;
            var all = new List<Ext3>();
            for (int t = 0; t < tables; t++)
            {
                gammaAt[t] = gi;
                for (int c = 0; c < layouts[t].CommittedWidth; c++, gi++)
                {
                    all.Add(gp);
                    gp *= gamma;
                }
            }
            for (int g = 0; g < G; g++)
            {
                compGammaAt[g] = gi;
                for (int c = 0; c < 3 * chunks[g]; c++, gi++)
                {
                    all.Add(gp);
                    gp *= gamma;
                }
            }
            gammas = [.. all];
        }

        // The openings: each group's rows at the query positions reduced to its domain, checked against the one
        // multi-height tree of each phase.
        var ats = new int[G][];
        for (int g = 0; g < G; g++) ats[g] = HeightGroups.Reduce(positions, logSizes[g]);
        int[] Widths(Func<TableLayout, int> width) => [.. Enumerable.Range(0, G).Select(g => Width(g, width))];
        if (CheckPhase("preprocessed", proof.PreprocessedRoot, proof.PreprocessedOpening, Widths(l => l.PreprocessedWidth), ats, logSizes, out var prepRows) is { } e1) return e1;
        if (CheckPhase("statement", proof.StatementRoot, proof.StatementOpening, Widths(l => l.StatementWidth), ats, logSizes, out var stmtRows) is { } e5) return e5;
        if (CheckPhase("main", proof.MainRoot, proof.MainOpening, Widths(l => l.MainTreeWidth), ats, logSizes, out var mainRows) is { } e2) return e2;
        if (CheckPhase("auxiliary", proof.AuxRoot, proof.AuxOpening, Widths(l => l.AuxBaseWidth), ats, logSizes, out var auxRows) is { } e3) return e3;
        if (CheckPhase("composition", proof.CompositionRoot, proof.CompositionOpening, [.. chunks.Select(c => 3 * c)], ats, logSizes, out var compRows) is { } e4) return e4;

        // Per group: its DEEP values at its positions.
        var deepValues = new Ext3[G][];
        for (int g = 0; g < G; g++)
        {
            var at = ats[g];
            int prepW = Width(g, l => l.PreprocessedWidth), stmtW = Width(g, l => l.StatementWidth), mainW = Width(g, l => l.MainTreeWidth), auxW = Width(g, l => l.AuxBaseWidth);

            Ext3 pz = Ext3.Zero;
            var nextClaims = new Ext3[tables];
            var nextPoints = new Ext3[tables];
            var betas = new Ext3[tables];
            {
                Ext3 bp = deepBeta;
                for (int t = 0; t < tables; t++, bp *= deepBeta)
                {
                    betas[t] = bp;
                    if (groups.GroupOf[t] != g) continue;
                    for (int c = 0; c < layouts[t].CommittedWidth; c++)
                    {
                        pz += gammas[gammaAt[t] + c] * proof.OodValues[oodAt[t].Z + c];
                        nextClaims[t] += gammas[gammaAt[t] + c] * proof.OodValues[oodAt[t].Next + c];
                    }
                    nextPoints[t] = z.MulBase(Goldilocks.RootOfUnity(proof.LogHeights[t]));
                }
                for (int c = 0; c < 3 * chunks[g]; c++) pz += gammas[compGammaAt[g] + c] * proof.OodValues[compOff[g] + c];
            }
            ulong w = Goldilocks.RootOfUnity(logSizes[g]);
            var values = new Ext3[at.Length];
            for (int q = 0; q < at.Length; q++)
            {
                var xe = Ext3.FromBase(Goldilocks.Pow(w, (ulong)at[q]));
                Ext3 px = Ext3.Zero, d = Ext3.Zero;
                int po = 0, so = 0, mo = 0, ao = 0;
                foreach (int t in groups.Tables[g])
                {
                    var l = layouts[t];
                    int gi = gammaAt[t];
                    Ext3 s = Ext3.Zero;
                    for (int c = 0; c < l.PreprocessedWidth; c++) s += gammas[gi++].MulBase(prepRows[g]![q * prepW + po + c]);
                    for (int c = 0; c < l.StatementWidth; c++) s += gammas[gi++].MulBase(stmtRows[g]![q * stmtW + so + c]);
                    for (int c = 0; c < l.MainTreeWidth; c++) s += gammas[gi++].MulBase(mainRows[g]![q * mainW + mo + c]);
                    for (int c = 0; c < l.AuxBaseWidth; c++) s += gammas[gi++].MulBase(auxRows[g]![q * auxW + ao + c]);
                    po += l.PreprocessedWidth;
                    so += l.StatementWidth;
                    mo += l.MainTreeWidth;
                    ao += l.AuxBaseWidth;
                    px += s;
                    d += betas[t] * (s - nextClaims[t]) * (xe - nextPoints[t]).Inverse();
                }
                for (int c = 0; c < 3 * chunks[g]; c++) px += gammas[compGammaAt[g] + c].MulBase(compRows[g]![q * 3 * chunks[g] + c]);
                d += (px - pz) * (xe - z).Inverse();
                values[q] = d;
            }
            deepValues[g] = values;
        }
        return fri.Verify(positions, deepValues[0], deepValues[1..], out var friError) ? null : friError;
    }

    /// <summary>
    /// Checks a phase's one multi-height opening: the groups with columns in the phase (tallest first) each open their
    /// rows at their positions, and all of them hash to the phase's root with the shared siblings. Null when it holds.
    /// </summary>
    private static string? CheckPhase(string name, byte[]? root, MultiHeightOpening? opening, int[] widths, int[][] at, int[] logSizes, out ulong[]?[] rows)
    {
        const int D = MerkleTree.DigestSize;
        rows = new ulong[]?[widths.Length];
        var groups = Enumerable.Range(0, widths.Length).Where(g => widths[g] > 0).ToArray();
        if (groups.Length == 0) return root is null && opening is null ? null : $"proof carries a {name} commitment for no columns";
        if (root is null || opening is null) return $"{name} opening is missing";
        if (opening.Rows.Length != groups.Length) return $"{name} opening has {opening.Rows.Length} matrices, expected {groups.Length}";
        var digests = new byte[groups.Length][];
        for (int m = 0; m < groups.Length; m++)
        {
            int g = groups[m], width = widths[g];
            var r = opening.Rows[m];
            if (r.Length != at[g].Length * width) return $"{name} opening of the tables of 2^{logSizes[g]} LDE points has {r.Length} values, expected {at[g].Length * width}";
            digests[m] = new byte[at[g].Length * D];
            MerkleHash.Leaves(r, width, digests[m]);
            rows[g] = r;
        }
        var error = MultiHeightMerkleProof.Verify(root, [.. groups.Select(g => logSizes[g])], at[groups[0]], digests, opening.Siblings);
        return error is null ? null : $"{name} opening does not match its Merkle root: {error}";
    }

    /// <summary>
    /// The periodic column's interpolant over H_p at x, barycentrically: (x^p − 1)/p · Σ_i v_i·ω^i/(x − ω^i), O(p) with
    /// no transform (x ∈ H_p has probability ~p/|F|; the inverse then throws and the proof is rejected).
    /// </summary>
    private static Ext3 Periodic(ulong[] values, Ext3 x)
    {
        int p = values.Length;
        int logP = System.Numerics.BitOperations.Log2((uint)p);
        ulong w = Goldilocks.RootOfUnity(logP), wi = 1;
        Ext3 sum = Ext3.Zero;
        for (int i = 0; i < p; i++)
        {
            sum += ((x - Ext3.FromBase(wi)).Inverse()).MulBase(Goldilocks.Mul(Goldilocks.FromU64(values[i]), wi));
            wi = Goldilocks.Mul(wi, w);
        }
        return sum * (x.Pow((ulong)p) - Ext3.One).MulBase(Goldilocks.Inverse((ulong)p));
    }

    /// <summary>Table t's λ-combined constraint quotients at z from the out-of-domain frame.</summary>
    private Ext3 EvaluateConstraintsAtZ(TableLayout l, int logn, Ext3 z, ReadOnlySpan<Ext3> atZ, ReadOnlySpan<Ext3> atNext,
        Ext3 alpha, Ext3 beta, Ext3 lambda, Ext3 busSum, ref Ext3 lamPow, out string? error)
    {
        error = null;
        var table = l.Air;
        int n = 1 << logn;
        var boundaries = table.BoundaryConstraints(pub, n);
        var cur = atZ[..l.FrameWidth].ToArray();
        var next = atNext[..l.FrameWidth].ToArray();
        var periodic = table.PeriodicAndPublic(pub);
        var per = new Ext3[periodic.Count];
        for (int c = 0; c < periodic.Count; c++)
        {
            int p = periodic[c].Length;
            if (p > n)
            {
                error = $"table '{table.Name}': periodic column longer than the table";
                return default;
            }
            per[c] = Periodic(periodic[c], z.Pow((ulong)(n / p)));
        }
        var res = new Ext3[l.TransitionCount];
        table.EvaluateTransition<Ext3>(cur, next, per, res);
        Ext3 transNum = Ext3.Zero, allNum = Ext3.Zero, firstNum = Ext3.Zero, lastNum = Ext3.Zero;
        foreach (var r in res)
        {
            transNum += lamPow * r;
            lamPow *= lambda;
        }
        if (l.RowCount > 0)
        {
            var rowRes = new Ext3[l.RowCount];
            table.EvaluateRow<Ext3>(cur, per, rowRes);
            foreach (var r in rowRes)
            {
                allNum += lamPow * r;
                lamPow *= lambda;
            }
        }
        foreach (var b in boundaries)
        {
            if ((uint)b.Column >= (uint)l.MainWidth)
            {
                error = $"table '{table.Name}': boundary constraint on column {b.Column} outside the main trace";
                return default;
            }
            var v = lamPow * (cur[l.PreprocessedWidth + b.Column] - Ext3.FromBase(b.Value));
            lamPow *= lambda;
            if (b.Row == BoundaryRow.First) firstNum += v;
            else lastNum += v;
        }
        int nK = l.InteractionCount;
        if (nK > 0)
        {
            var auxCur = new Ext3[l.AuxExtWidth];
            var auxNext = new Ext3[l.AuxExtWidth];
            for (int c = 0; c < l.AuxExtWidth; c++)
            {
                int o = l.FrameWidth + 3 * c;
                auxCur[c] = FromComponents(atZ[o], atZ[o + 1], atZ[o + 2]);
                auxNext[c] = FromComponents(atNext[o], atNext[o + 1], atNext[o + 2]);
            }
            Ext3 sumCur = Ext3.Zero, sumNext = Ext3.Zero;
            int nG = l.LogUpGroups, perGroup = l.InteractionsPerAuxColumn;
            var ds = new Ext3[2];
            var ms = new Ext3[2];
            for (int g = 0; g < nG; g++)
            {
                int first = g * perGroup, size = Math.Min(nK, first + perGroup) - first;
                for (int i = 0; i < size; i++)
                {
                    var inter = table.Interactions[first + i];
                    ds[i] = LogUp.Denominator(inter, (ReadOnlySpan<Ext3>)cur, alpha, beta);
                    ms[i] = LogUp.SignedMultiplicity(inter, (ReadOnlySpan<Ext3>)cur);
                }
                allNum += lamPow * LogUp.HelperConstraint(auxCur[g], ds.AsSpan(0, size), ms.AsSpan(0, size));
                lamPow *= lambda;
                sumCur += auxCur[g];
                sumNext += auxNext[g];
            }
            Ext3 accCur = auxCur[nG], accNext = auxNext[nG];
            transNum += lamPow * (accNext - accCur - sumNext);
            lamPow *= lambda;
            firstNum += lamPow * (accCur - sumCur);
            lamPow *= lambda;
            lastNum += lamPow * (accCur - busSum);
            lamPow *= lambda;
        }
        var omegaInv = Ext3.FromBase(Goldilocks.Inverse(Goldilocks.RootOfUnity(logn)));
        var zPowN = z.Pow((ulong)n) - Ext3.One;
        var zInv = zPowN.Inverse();
        return transNum * (z - omegaInv) * zInv + allNum * zInv + firstNum * (z - Ext3.One).Inverse() + lastNum * (z - omegaInv).Inverse();
    }
}
