using Wsc.Zk.Field;
using Wsc.Zk.Tests.Stark;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Audit of the cpu-narrowing changes (ecall table, AUIPC/FENCE as LUI, signed pc offsets, the load-store chip adding
/// its own address with one carry bit, the halted count in the ecall table): forgeries a malicious prover would try
/// against exactly those rules. Each is first shown false to the debug checker, then proven with the malicious prover
/// (bus sums claimed to cancel) and shown rejected by the verifier. A forgery the verifier accepted would be a hole.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class AirChangesAuditTests
{
    private static string? Violation(Wsc.Zk.Vm.ProgramImage image, SegmentWitness w, SegmentBoundary claimed) =>
        Wsc.Zk.Air.TraceChecker.Check(VmAir.System(image, claimed), Forgeries.TracesFor(VmAir.System(image, claimed), w), claimed.PublicInputs());

    private static void AssertProofRejected(Wsc.Zk.Vm.ProgramImage image, SegmentWitness w, SegmentBoundary claimed)
    {
        var system = VmAir.System(image, claimed);
        var pub = claimed.PublicInputs();
        var proof = MaliciousProver.ProveWithBalancedSums(system, Forgeries.TracesFor(system, w), pub, VmProving.Options);
        VmProving.AssertRejected(VmProving.Verify(image, claimed, pub, proof, w));
    }

    /// <summary>
    /// Straight line: the input_length ECALL's ecall-table row is deleted (later rows move up, a padding row is
    /// appended), so the cpu executes an ECALL the ecall table never checked (its result, a7, the a1 read).
    /// </summary>
    private static SegmentBoundary EcallRowDropped(SegmentWitness w)
    {
        var ecall = w.Traces[VmAir.EcallIndex];
        int row = Enumerable.Range(0, ecall[0].Length).First(i => ecall[EcallTable.KLen][i] == 1);
        int n = ecall[0].Length;
        var end = ecall.Select(column => column[n - 1]).ToArray();
        foreach (var column in ecall) Array.Copy(column, row + 1, column, row, n - row - 1);
        if (end[EcallTable.IsReal] == 1)
        {
            // The table was full: the appended row is padding carrying the last row's end state.
            foreach (var column in ecall) column[n - 1] = 0;
            ecall[EcallTable.InPos][n - 1] = ecall[EcallTable.InPosNext][n - 1] = end[EcallTable.InPosNext];
            ecall[EcallTable.OutPos][n - 1] = ecall[EcallTable.OutPosNext][n - 1] = end[EcallTable.OutPosNext];
            ecall[EcallTable.Halted][n - 1] = ecall[EcallTable.HaltedNext][n - 1] = end[EcallTable.HaltedNext];
            ecall[EcallTable.ExitCode][n - 1] = end[EcallTable.ExitCode];
            ecall[EcallTable.InputLen][n - 1] = end[EcallTable.InputLen];
        }
        else
            foreach (var (column, value) in ecall.Zip(end)) column[n - 1] = value;
        ecall[EcallTable.GapLo][row] = ecall[EcallTable.GapHi][row] = 0;
        Forgeries.Recount(w);
        return w.Boundary;
    }

    /// <summary>Straight line (it halts): after the exit row the ecall table's padding rows reset the exit count to 0 and the run is claimed not to halt.</summary>
    private static SegmentBoundary HaltedCountReset(SegmentWitness w)
    {
        var ecall = w.Traces[VmAir.EcallIndex];
        int exit = Enumerable.Range(0, ecall[0].Length).First(i => ecall[EcallTable.KExit][i] == 1);
        for (int i = exit + 1; i < ecall[0].Length; i++) ecall[EcallTable.Halted][i] = ecall[EcallTable.HaltedNext][i] = 0;
        return Forgeries.NotHalted(w);
    }

    /// <summary>
    /// Straight line: the LW at 0x20000 + 0 claims carry 1, its address the sum taken mod p rather than mod 2^32
    /// (0x20000 − 2^32 as a field element), with the word-address limbs re-solved in the field so the two address
    /// equations hold; only the range of the address (and the limbs) can catch it.
    /// </summary>
    private static SegmentBoundary AddressModP(SegmentWitness w)
    {
        var ls = w.Traces[VmAir.LoadStoreIndex];
        int row = Forgeries.ChipRow(ls, i => ls[LoadStoreTable.Lw][i] == 1);
        ulong addr = Goldilocks.Sub(Goldilocks.Add(ls[LoadStoreTable.Base][row], ls[LoadStoreTable.Offset][row]), 1UL << 32);
        ls[LoadStoreTable.Carry][row] = 1;
        ls[LoadStoreTable.Addr][row] = addr;
        ulong rest = Goldilocks.Sub(addr, Goldilocks.Mul(4, ls[LoadStoreTable.WLo][row]));
        ls[LoadStoreTable.WHi][row] = Goldilocks.Mul(rest, Goldilocks.Inverse(1UL << 18));
        // No recount: 4·w_hi is now no 16-bit value, so the byte table cannot even count the lookup.
        return w.Boundary;
    }

    /// <summary>
    /// Straight line: `auipc s6, 0x80000` is executed as a LUI of the bare immediate (the pc dropped), with s6's end value
    /// claimed (and held by the boundary table) accordingly: only the program table's pc + imm can catch it.
    /// </summary>
    private static SegmentBoundary AuipcWithoutPc(SegmentWitness w)
    {
        const int s6 = 22;
        var cpu = w.Traces[VmAir.CpuIndex];
        int row = Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.F(CpuFlag.Lui)][i] == 1 && cpu[CpuTable.Rd][i] == s6);
        const ulong bare = 0x8000_0000;
        Assert.NotEqual(bare, cpu[CpuTable.Imm][row]);
        cpu[CpuTable.Imm][row] = bare;
        cpu[CpuTable.RdVal][row] = bare;
        w.Traces[VmAir.BoundaryIndex][MemoryBoundaryTable.ValueOut][s6] = bare;
        var regs = (uint[])w.Boundary.EndRegisters.Clone();
        regs[s6] = (uint)bare;
        return Forgeries.WithRefilledMemorySum(w) with { EndRegisters = regs };
    }

    /// <summary>
    /// Straight line: the exit ECALL is hidden from the cpu (exit flag 0 on its cpu row, so the row need not end the run),
    /// while the ecall table still counts the exit, so the public halted flag is still met.
    /// </summary>
    private static SegmentBoundary ExitHiddenFromCpu(SegmentWitness w)
    {
        var cpu = w.Traces[VmAir.CpuIndex];
        int row = Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.KExit][i] == 1);
        cpu[CpuTable.KExit][row] = 0;
        cpu[CpuTable.NextPc][row] = cpu[CpuTable.Pc][row] + 4;
        return w.Boundary with { EndPc = (uint)cpu[CpuTable.Pc][row] + 4 };
    }

    /// <summary>
    /// Echo: the write_output ECALL of 0 bytes gets a second ecall-table row at the same clk (the rows below move down
    /// into the padding); the copy is coherent on its own (a 0-byte write moves no position), so only the clock order
    /// and the buses can catch it.
    /// </summary>
    private static SegmentBoundary EcallRowDoubled(SegmentWitness w)
    {
        var ecall = w.Traces[VmAir.EcallIndex];
        int n = ecall[0].Length;
        int row = Enumerable.Range(0, n).First(i => ecall[EcallTable.KWrite][i] == 1 && ecall[EcallTable.Count][i] == 0);
        Assert.Equal(0UL, ecall[EcallTable.IsReal][n - 1]);
        foreach (var column in ecall) Array.Copy(column, row, column, row + 1, n - row - 1);
        ecall[EcallTable.GapLo][row + 1] = ecall[EcallTable.GapHi][row + 1] = 0;
        Forgeries.Recount(w);
        return w.Boundary;
    }

    [Fact]
    public void Two_ecall_table_rows_at_one_clk_break_the_clock_order()
    {
        var (image, w) = Forgeries.Echo();
        var claimed = EcallRowDoubled(w);
        Assert.Contains("table 'ecall': transition constraint 1", Violation(image, w, claimed));
        AssertProofRejected(image, w, claimed);
    }

    [Fact]
    public void A_cpu_ECALL_without_its_ecall_table_row_leaves_a_bus_unbalanced()
    {
        var (image, w) = Forgeries.StraightLine();
        var claimed = EcallRowDropped(w);
        var problem = Violation(image, w, claimed);
        Assert.NotNull(problem);
        Assert.Contains("does not balance", problem);
        AssertProofRejected(image, w, claimed);
    }

    [Fact]
    public void The_exit_count_cannot_be_reset_after_the_exit()
    {
        var (image, w) = Forgeries.StraightLine();
        var claimed = HaltedCountReset(w);
        Assert.Contains("table 'ecall'", Violation(image, w, claimed));
        AssertProofRejected(image, w, claimed);
    }

    [Fact]
    public void A_load_address_taken_mod_p_instead_of_mod_2_32_is_rejected()
    {
        var (image, w) = Forgeries.StraightLine();
        var claimed = AddressModP(w);
        var problem = Violation(image, w, claimed);
        Assert.NotNull(problem);
        AssertProofRejected(image, w, claimed);
    }

    [Fact]
    public void AUIPC_executed_without_its_pc_cannot_be_fetched_from_the_program()
    {
        var (image, w) = Forgeries.StraightLine();
        var claimed = AuipcWithoutPc(w);
        Assert.Contains($"bus {VmBus.Program} does not balance", Violation(image, w, claimed));
        AssertProofRejected(image, w, claimed);
    }

    [Fact]
    public void An_exit_the_cpu_does_not_take_leaves_the_ecall_bus_unbalanced()
    {
        var (image, w) = Forgeries.StraightLine();
        var claimed = ExitHiddenFromCpu(w);
        var problem = Violation(image, w, claimed);
        Assert.NotNull(problem);
        AssertProofRejected(image, w, claimed);
    }

    /// <summary>
    /// The carry of the load-store address is unique only because the region check bounds the address below 2^32: the
    /// word-address limbs alone do not (4·w_hi is range-checked, so w_hi may be v/4 in the field and 2^18·w_hi = 2^16·v,
    /// letting 4·w_lo + 2^16·v reach 2^32 + 2^18). A wrapping sum rs1 + imm = 2^32 + 0x20000 claimed with carry 0 and
    /// address 2^32 + 0x20000 passes every lookup and every constraint of the row except the two region ones. Pinned so
    /// that loosening the region check (e.g. for an "anything goes" layout) is seen to reopen the carry.
    /// </summary>
    [Fact]
    public void Only_the_region_check_keeps_a_dropped_carry_out_of_the_load_store_chip()
    {
        var (image, _) = Forgeries.StraightLine();
        var regions = MemoryRegions.Of(image);
        const uint @base = 0x2_0010, offset = 0xffff_fff0, addr = 0x2_0000;
        var row = new ulong[LoadStoreTable.Width];
        LoadStoreTable.Write(row, LoadStoreKind.Lw, @base, offset, 7, 5, 7, 7, 1);
        LoadStoreTable.WriteRegion(row, regions, LoadStoreKind.Lw, addr);
        row[LoadStoreTable.IsReal] = 1;
        Assert.Equal(1UL, row[LoadStoreTable.Carry]);
        Assert.Empty(FailingRowConstraints(regions, row));
        Assert.True(LookupsInRange(row));

        row[LoadStoreTable.Carry] = 0;
        row[LoadStoreTable.Addr] = (1UL << 32) + addr;
        const ulong v = 0xffff; // 4·w_lo + 2^16·v = 2^32 + 0x20000
        row[LoadStoreTable.WLo] = ((1UL << 32) + addr - (v << 16)) / 4;
        row[LoadStoreTable.WHi] = Goldilocks.Mul(v, Goldilocks.Inverse(4));
        Assert.True(LookupsInRange(row));
        var failing = FailingRowConstraints(regions, row);
        int count = new LoadStoreTable(regions).RowDegrees.Count;
        Assert.Equal([count - 2, count - 1], failing);
    }

    private static List<int> FailingRowConstraints(MemoryRegions regions, ulong[] row)
    {
        var table = new LoadStoreTable(regions);
        var frame = row.Select(x => new Felt(x)).ToArray();
        var r = new Felt[table.RowDegrees.Count];
        table.EvaluateRow<Felt>(frame, [], r);
        return [.. Enumerable.Range(0, r.Length).Where(k => r[k].Value != 0)];
    }

    private static bool LookupsInRange(ulong[] row)
    {
        var frame = row.Select(x => new Felt(x)).ToArray();
        foreach (var i in new LoadStoreTable(default).Interactions.Where(i => i.Bus == VmBus.Byte))
        {
            var vals = i.Values.Select(e => e.Evaluate<Felt>(frame).Value).ToArray();
            ulong bound = vals[0] == ByteOp.U16 ? 1UL << 16 : 256;
            if (vals[1] >= bound || vals[2] >= bound) return false;
        }
        return true;
    }
}
