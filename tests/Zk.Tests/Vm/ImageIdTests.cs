using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>The image id commits to code, data, entry and layout, and is stable.</summary>
public sealed class ImageIdTests
{
    private static readonly uint[] Code = [Addi(A0, 0, 7), .. Exit];

    [Fact]
    public void IsStableAcrossLoads()
    {
        var a = ProgramImage.FromElf(Elf(Code, [9], 16)).Id;
        var b = ProgramImage.FromElf(Elf(Code, [9], 16)).Id;
        Assert.Equal(a, b);
        Assert.Equal(a, ImageId.Parse(a.ToString()));
        Assert.Matches("^0x[0-9a-f]{64}$", a.ToString());
    }

    [Fact]
    public void MatchesTheDocumentedConstruction()
    {
        // Recompute the Merkle root independently from docs/zkvm.md: leaves H(0||header), H(0||addr||page).
        var image = ProgramImage.FromElf(Elf(Code));
        var header = System.Security.Cryptography.SHA256.HashData((byte[])[0, .. image.HeaderLeaf()]);
        var page = new byte[4096];
        image.InitialImage.AsSpan(0, 4096).CopyTo(page);
        var leaf = System.Security.Cryptography.SHA256.HashData((byte[])[0, 0x00, 0x00, 0x01, 0x00, .. page]);
        var root = System.Security.Cryptography.SHA256.HashData((byte[])[1, .. header, .. leaf]);
        Assert.Equal(Convert.ToHexStringLower(root), image.Id.ToString()[2..]);
    }

    [Fact]
    public void ChangesWithCodeDataEntryAndLayout()
    {
        var baseId = ProgramImage.FromElf(Elf(Code, [9], 16)).Id;
        Assert.NotEqual(baseId, ProgramImage.FromElf(Elf([Addi(A0, 0, 8), .. Exit], [9], 16)).Id);
        Assert.NotEqual(baseId, ProgramImage.FromElf(Elf(Code, [8], 16)).Id);
        // .bss size within the same page does not change memory at entry, so it is not part of the id.
        Assert.Equal(baseId, ProgramImage.FromElf(Elf(Code, [9], 32)).Id);
        var moved = Elf(Code, [9], 16);
        ElfBuilder.W32(moved, 24, 0x10004);
        Assert.NotEqual(baseId, ProgramImage.FromElf(moved).Id);
        Assert.NotEqual(baseId, ProgramImage.FromElf(Elf(Code, [9], 16), new VmLayout(StackBytes: 0x20000)).Id);
    }

    [Fact]
    public void ResultCarriesTheImageId()
    {
        var elf = Elf(Code);
        Assert.Equal(ProgramImage.FromElf(elf).Id, Executor.Run(elf, []).ImageId);
    }
}
