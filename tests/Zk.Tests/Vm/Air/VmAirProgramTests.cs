using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>Looping programs over several segments, and every ALU and memory instruction on its edge cases.</summary>
[Collection(ProofCollection.Name)]
public sealed class VmAirProgramTests
{
    /// <summary>Σ i² for i = 1..n, each partial sum stored to and reloaded from consecutive words; exits with the sum.</summary>
    internal static uint[] Loop(int n) =>
    [
        .. Li(T0, 0x20000), Addi(T1, 0, 0), Addi(T2, 0, n), Addi(A0, 0, 0),
        Addi(T1, T1, 1), Mul(28, T1, T1), Add(A0, A0, 28), Sw(A0, T0, 0), Lw(29, T0, 0), Addi(T0, T0, 4), Bne(T1, T2, -24),
        .. Exit,
    ];

    [Fact]
    public void A_loop_over_several_segments_checks_in_every_segment_and_a_middle_segment_proves()
    {
        var (image, result) = VmProving.Run(Loop(100), segmentLog2: 8);
        Assert.Equal(338350, result.ExitCode);
        var ws = VmProving.Witnesses(image, result);
        Assert.True(ws.Length >= 3);
        foreach (var w in ws) VmProving.AssertSatisfied(w);
        // Consecutive segments chain: end pc and registers, and on the memory bus they are numbered in order and their
        // sums (with the footprint's, carried by the last) cancel.
        var total = Wsc.Zk.Field.Ext3.Zero;
        for (int k = 0; k < ws.Length; k++)
        {
            var b = ws[k].Boundary;
            if (k > 0)
            {
                Assert.Equal(ws[k - 1].Boundary.EndPc, b.StartPc);
                Assert.Equal(ws[k - 1].Boundary.EndRegisters, b.StartRegisters);
            }
            else
            {
                Assert.Equal(image.Entry, b.StartPc);
            }
            Assert.Equal((uint)k + 1, b.Memory.Index);
            Assert.Equal(ws[0].Boundary.Memory.Alpha, b.Memory.Alpha);
            total += b.Memory.Total;
            Assert.Equal(k == ws.Length - 1, b.Halted);
        }
        Assert.True(total.IsZero);
        Assert.Equal(256, ws[1].CpuRows);
        VmProving.ProveAndVerify(image, ws[1]);
    }

    private static readonly uint[] Edges = [0, 1, 2, 7, 31, 32, 33, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_fff9, 0xffff_ffff];

    /// <summary>Every register-register ALU and M instruction on every pair of edge values (x18.. hold the values).</summary>
    internal static uint[] AluEdges()
    {
        var code = new List<uint>();
        for (int i = 0; i < Edges.Length; i++) code.AddRange(Li(18 + i, Edges[i]));
        Func<int, int, int, uint>[] ops = [Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And, Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu];
        foreach (var op in ops)
            for (int i = 0; i < Edges.Length; i++)
                for (int j = 0; j < Edges.Length; j++) code.Add(op(30, 18 + i, 18 + j));
        foreach (var imm in (int[])[0, 1, -1, 2047, -2048])
        {
            code.AddRange([Addi(30, 25, imm), Slti(30, 25, imm), Sltiu(30, 25, imm), Xori(30, 26, imm), Ori(30, 26, imm), Andi(30, 28, imm)]);
        }
        foreach (var sh in (int[])[0, 1, 15, 31]) code.AddRange([Slli(30, 27, sh), Srli(30, 26, sh), Srai(30, 26, sh), Srai(30, 25, sh)]);
        code.AddRange(Exit);
        return [.. code];
    }

    /// <summary>Loads of every width and sign at every offset, and byte/half stores at every offset.</summary>
    internal static uint[] MemoryEdges()
    {
        var code = new List<uint>();
        code.AddRange(Li(T0, 0x20000));
        code.AddRange(Li(T1, 0x807f_ff80));
        code.Add(Sw(T1, T0, 0));
        for (int o = 0; o < 4; o++) code.AddRange([Lb(30, T0, o), Lbu(30, T0, o)]);
        foreach (var o in (int[])[0, 2]) code.AddRange([Lh(30, T0, o), Lhu(30, T0, o), Sh(T1, T0, 4 + o), Lw(30, T0, 4)]);
        for (int o = 0; o < 4; o++) code.AddRange([Sb(T1, T0, 8 + o), Lw(30, T0, 8), Sb(0, T0, 8 + o), Lw(30, T0, 8)]);
        code.AddRange([Lw(30, T0, -4), Lw(30, T0, 12), Sw(0, T0, 0), Lw(30, T0, 0)]);
        code.AddRange(Exit);
        return [.. code];
    }

    [Fact]
    public void Every_ALU_instruction_on_edge_values_satisfies_the_AIR()
    {
        // The same constraints the prover commits to, evaluated on every row (each chip is also proven once in
        // VmAirProofTests; a proof here would cost as much again for no new constraint).
        var (image, result) = VmProving.Run(AluEdges());
        var w = Assert.Single(VmProving.Witnesses(image, result));
        VmProving.AssertSatisfied(w);
        Assert.Equal(18 * Edges.Length * Edges.Length + 46 + Edges.Length + 1, w.Traces.Skip(VmAir.AddSubIndex).Take(6).Sum(t => (int)t[0].Sum(v => (long)v)));
    }

    /// <summary>Every branch on every pair of edge values (taken skips an increment of x30), and JALR to an odd address.</summary>
    internal static uint[] ControlEdges()
    {
        var code = new List<uint>();
        for (int i = 0; i < Edges.Length; i++) code.AddRange(Li(18 + i, Edges[i]));
        foreach (var branch in (Func<int, int, int, uint>[])[Beq, Bne, Blt, Bge, Bltu, Bgeu])
            for (int i = 0; i < Edges.Length; i++)
                for (int j = 0; j < Edges.Length; j++) code.AddRange([branch(18 + i, 18 + j, 8), Addi(30, 30, 1)]);
        // auipc t0, 0 holds this pc; jalr to it + 13 (odd: bit 0 is dropped) lands on the instruction after the skipped one.
        code.AddRange([Auipc(T0, 0), Jalr(Ra, T0, 13), Addi(30, 30, 1000), Addi(30, 30, 1), Addi(A0, 30, 0)]);
        code.AddRange(Exit);
        return [.. code];
    }

    [Fact]
    public void Every_branch_on_edge_values_and_an_odd_jalr_target_satisfy_the_AIR()
    {
        var (image, result) = VmProving.Run(ControlEdges());
        long notTaken = 0;
        Func<uint, uint, bool>[] conditions =
            [(a, b) => a == b, (a, b) => a != b, (a, b) => (int)a < (int)b, (a, b) => (int)a >= (int)b, (a, b) => a < b, (a, b) => a >= b];
        foreach (var taken in conditions)
            foreach (var a in Edges)
                foreach (var b in Edges) notTaken += taken(a, b) ? 0 : 1;
        Assert.Equal(notTaken + 1, result.ExitCode);
        var w = Assert.Single(VmProving.Witnesses(image, result));
        VmProving.AssertSatisfied(w);
    }

    [Fact]
    public void Loads_and_stores_of_every_width_and_offset_satisfy_the_AIR()
    {
        var (image, result) = VmProving.Run(MemoryEdges(), dataSize: 0);
        var w = Assert.Single(VmProving.Witnesses(image, result));
        VmProving.AssertSatisfied(w);
        var ls = w.Traces[VmAir.LoadStoreIndex];
        Assert.Equal(37, ls[LoadStoreTable.IsReal].Count(v => v == 1));
    }

    [Fact]
    public void A_keccak_call_on_word_aligned_buffers_satisfies_the_AIR()
    {
        uint[] code = [.. Li(A7, Syscalls.Keccak256), Lui(A0, 0x20), Addi(A1, 0, 4), Lui(A2, 0x21), Ecall, .. Exit];
        var (image, result) = VmProving.Run(code);
        VmProving.AssertSatisfied(Assert.Single(VmProving.Witnesses(image, result)));
    }
}
