namespace Wsc.Zk.Vm.Air;

/// <summary>Operations of the byte table: the first value of every tuple on <see cref="VmBus.Byte"/>.</summary>
public static class ByteOp
{
    /// <summary>(And, x, y, x &amp; y) for bytes x, y (also range-checks x and y).</summary>
    public const ulong And = 1;

    /// <summary>(Or, x, y, x | y).</summary>
    public const ulong Or = 2;

    /// <summary>(Xor, x, y, x ^ y).</summary>
    public const ulong Xor = 3;

    /// <summary>(U16, v, 0, 0) for v in [0, 2^16).</summary>
    public const ulong U16 = 4;

    /// <summary>(Pow, x, y, 2^(x mod 32)); lookers send y = 0.</summary>
    public const ulong Pow = 5;

    /// <summary>(U8, x, y, 0) for bytes x, y: two byte range checks in one lookup.</summary>
    public const ulong U8 = 6;
}
