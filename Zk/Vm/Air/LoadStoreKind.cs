namespace Wsc.Zk.Vm.Air;

/// <summary>Access kinds on the <see cref="VmBus.LoadStore"/> bus.</summary>
public static class LoadStoreKind
{
    public const ulong Lb = 1, Lh = 2, Lw = 3, Lbu = 4, Lhu = 5, Sb = 6, Sh = 7, Sw = 8;

    public static bool IsLoad(ulong kind) => kind is >= Lb and <= Lhu;
}
