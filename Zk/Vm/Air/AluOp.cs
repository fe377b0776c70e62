namespace Wsc.Zk.Vm.Air;

/// <summary>Operation codes on the <see cref="VmBus.Alu"/> bus, and the reference semantics the chips prove.</summary>
public static class AluOp
{
    public const ulong Add = 1, Sub = 2, And = 3, Or = 4, Xor = 5, Slt = 6, Sltu = 7, Sll = 8, Srl = 9, Sra = 10,
        Mul = 11, Mulh = 12, Mulhsu = 13, Mulhu = 14, Div = 15, Divu = 16, Rem = 17, Remu = 18;

    /// <summary>The RV32IM result of `op` on a and b (division by zero and overflow as the specification says).</summary>
    public static uint Compute(ulong op, uint a, uint b) => op switch
    {
        Add => a + b,
        Sub => a - b,
        And => a & b,
        Or => a | b,
        Xor => a ^ b,
        Slt => (int)a < (int)b ? 1u : 0,
        Sltu => a < b ? 1u : 0,
        Sll => a << (int)(b & 31),
        Srl => a >> (int)(b & 31),
        Sra => (uint)((int)a >> (int)(b & 31)),
        Mul => a * b,
        Mulh => (uint)((ulong)((long)(int)a * (int)b) >> 32),
        Mulhsu => (uint)((ulong)((long)(int)a * (long)b) >> 32),
        Mulhu => (uint)(((ulong)a * b) >> 32),
        Div => b == 0 ? uint.MaxValue : a == 0x8000_0000u && b == uint.MaxValue ? a : (uint)((int)a / (int)b),
        Divu => b == 0 ? uint.MaxValue : a / b,
        Rem => b == 0 ? a : a == 0x8000_0000u && b == uint.MaxValue ? 0 : (uint)((int)a % (int)b),
        Remu => b == 0 ? a : a % b,
        _ => throw new ArgumentOutOfRangeException(nameof(op), $"unknown ALU op {op}"),
    };
}
