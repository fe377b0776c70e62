using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>Interaction shorthands shared by the chips.</summary>
internal static class ChipInteractions
{
    public static LinearExpression Col(int c) => LinearExpression.Column(c);

    public static LinearExpression Const(ulong v) => LinearExpression.Const(v);

    public static LinearExpression Scaled(int c, ulong k) => LinearExpression.Combination(0, (c, k));

    /// <summary>Σ code·flag over one-hot flag columns: the op value a chip row answers for.</summary>
    public static LinearExpression OneHot(params (int Column, ulong Code)[] flags) => LinearExpression.Combination(0, flags);

    /// <summary>Range check of `value` (a linear expression) to [0, 2^16), always sent.</summary>
    public static Interaction U16(LinearExpression value) =>
        Interaction.Send(VmBus.Byte, Const(1), Const(ByteOp.U16), value, Const(0), Const(0));

    public static Interaction U16(int column) => U16(Col(column));

    /// <summary>Range check of two bytes, always sent.</summary>
    public static Interaction U8Pair(int x, int y) => Interaction.Send(VmBus.Byte, Const(1), Const(ByteOp.U8), Col(x), Col(y), Const(0));

    /// <summary>The chip answers one ALU request per real row.</summary>
    public static Interaction AluReceive(LinearExpression op, int a, int b, int c, int isReal = 0) =>
        Interaction.Receive(VmBus.Alu, Col(isReal), op, Col(a), Col(b), Col(c));

    /// <summary>Felt of a possibly negative integer.</summary>
    public static ulong F(long v) => v >= 0 ? Field.Goldilocks.FromU64((ulong)v) : Field.Goldilocks.Neg((ulong)-v);
}
