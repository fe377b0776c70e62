using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>Immediates of every format decode to the values they were encoded from, including the extremes.</summary>
public sealed class DecoderTests
{
    private static IEnumerable<int> Samples(int min, int max, int step)
    {
        var rng = new Random(12345);
        yield return min;
        yield return max;
        yield return 0;
        yield return -step;
        yield return step;
        for (var i = 0; i < 300; i++) yield return rng.Next(min / step, max / step + 1) * step;
    }

    [Fact]
    public void ITypeImmediates()
    {
        foreach (var imm in Samples(-2048, 2047, 1))
            Assert.Equal(new DecodedInstruction(Opcode.Addi, 3, 4, 0, imm), Decoder.Decode(Addi(3, 4, imm)));
    }

    [Fact]
    public void STypeImmediates()
    {
        foreach (var imm in Samples(-2048, 2047, 1))
            Assert.Equal(new DecodedInstruction(Opcode.Sw, 0, 4, 5, imm), Decoder.Decode(Sw(5, 4, imm)));
    }

    [Fact]
    public void BTypeImmediates()
    {
        foreach (var imm in Samples(-4096, 4094, 2))
            Assert.Equal(new DecodedInstruction(Opcode.Bgeu, 0, 6, 7, imm), Decoder.Decode(B(imm, 7, 6, 7)));
    }

    [Fact]
    public void JTypeImmediates()
    {
        foreach (var imm in Samples(-(1 << 20), (1 << 20) - 2, 2))
            Assert.Equal(new DecodedInstruction(Opcode.Jal, 1, 0, 0, imm), Decoder.Decode(Jal(1, imm)));
    }

    [Fact]
    public void UTypeImmediates()
    {
        foreach (var hi in new uint[] { 0, 1, 0x7ffff, 0x80000, 0xfffff })
        {
            Assert.Equal(new DecodedInstruction(Opcode.Lui, 9, 0, 0, (int)(hi << 12)), Decoder.Decode(Lui(9, hi)));
            Assert.Equal(new DecodedInstruction(Opcode.Auipc, 9, 0, 0, (int)(hi << 12)), Decoder.Decode(Auipc(9, hi)));
        }
    }

    [Fact]
    public void OperandFieldsOfUnusedFormatsAreZero()
    {
        // rs2 of an I-type is part of its immediate, not an operand: the trace records 0 for it.
        var d = Decoder.Decode(Addi(1, 2, 0x7ff));
        Assert.Equal(0, d.Rs2);
        Assert.True(d.WritesRd);
        Assert.Equal(0, Decoder.Decode(Sw(5, 4, 0)).Rd);
        Assert.False(Decoder.Decode(Sw(5, 4, 0)).WritesRd);
        Assert.False(Decoder.Decode(B(8, 1, 2, 0)).WritesRd);
    }

    [Fact]
    public void IllegalWordsSayWhy()
    {
        Assert.False(Decoder.TryDecode(0x0000_0000, out _, out var why));
        Assert.Contains("compressed", why);
        Assert.False(Decoder.TryDecode(R(0x02, 1, 2, 0, 3, 0x33), out _, out why));
        Assert.Contains("funct7 0x02", why);
        Assert.Equal(Opcode.Illegal, Decoder.Decode(0x0000_2067).Op); // jalr funct3 2
        Assert.Equal(Opcode.Illegal, Decoder.Decode(B(8, 1, 2, 2)).Op); // branch funct3 2
        Assert.Equal(Opcode.Illegal, Decoder.Decode(S(0, 1, 2, 3)).Op); // sd
    }
}
