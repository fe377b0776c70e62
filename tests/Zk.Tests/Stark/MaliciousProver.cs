using Wsc.Zk.Air;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// Test harness: a prover that proves whatever it is given, with the honest prover's refusals (unbalanced buses, FRI
/// remainder of too high a degree) switched off, and optional lies in the auxiliary columns and bus sums.
/// </summary>
internal static class MaliciousProver
{
    /// <summary>Proves the (possibly false) statement as the honest prover would, without refusing.</summary>
    public static byte[] Prove(AirSystem air, IReadOnlyList<ulong[][]> traces, ulong[] pub, ProofOptions options) =>
        StarkProver.ProveUnchecked(air, traces, pub, options, new ProverFaults()).Encode();

    /// <summary>Claims bus sums that cancel (with the public terms), whatever the auxiliary columns hold.</summary>
    public static byte[] ProveWithBalancedSums(AirSystem air, IReadOnlyList<ulong[][]> traces, ulong[] pub, ProofOptions options) =>
        StarkProver.ProveUnchecked(air, traces, pub, options, new ProverFaults { BalanceBusSums = true }).Encode();

    /// <summary>
    /// Moves one unit between two rows of table t's first helper column and fixes the running sum between them, so
    /// the running-sum and boundary constraints and the bus total still hold: only the helper constraint breaks.
    /// </summary>
    public static byte[] ProveWithShiftedHelper(AirSystem air, IReadOnlyList<ulong[][]> traces, ulong[] pub, ProofOptions options, int table, int fromRow, int toRow) =>
        StarkProver.ProveUnchecked(air, traces, pub, options, new ProverFaults
        {
            TamperAux = (t, aux) =>
            {
                if (t != table) return;
                var helper = aux[0];
                var acc = aux[^1];
                helper[fromRow] += Ext3.One;
                helper[toRow] -= Ext3.One;
                for (int row = fromRow; row < toRow; row++) acc[row] += Ext3.One;
            },
        }).Encode();
}
