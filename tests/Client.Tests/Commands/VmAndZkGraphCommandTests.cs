using System.Buffers.Binary;
using System.Text.Json;
using Wsc.TestKit;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;

namespace Wsc.Client.Tests.Commands;

/// <summary>`wsc zkgraph build` and `wsc vm run` end to end through the real binary.</summary>
public sealed class VmAndZkGraphCommandTests : IDisposable
{
    private readonly DirectoryInfo tmp = Directory.CreateTempSubdirectory("wsc-cli-");

    public void Dispose() => tmp.Delete(true);

    private string BuildExample()
    {
        var elf = Path.Combine(tmp.FullName, "erc20.elf");
        var (exit, stdout, stderr) = WscProcess.Run("zkgraph", "build", Path.Combine(Paths.RepoRoot, "guest", "examples", "erc20-volume"), "-o", elf, "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(elf, doc.RootElement.GetProperty("elf").GetString());
        Assert.Equal(new FileInfo(elf).Length, doc.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal(ProgramImage.FromElf(File.ReadAllBytes(elf)).Id.ToString(), doc.RootElement.GetProperty("imageId").GetString());
        return elf;
    }

    [Fact]
    public void BuildThenRunPrintsExitCyclesOutputAndImageId()
    {
        var elf = BuildExample();
        var input = Path.Combine(tmp.FullName, "tick.bin");
        File.WriteAllBytes(input, new TickInput { Number = 0x0102030405060708 }.Encode());
        var (exit, stdout, stderr) = WscProcess.Run("vm", "run", elf, "--input", input, "--json");
        Assert.True(exit == 0, stderr);
        Assert.Single(stdout.Trim().Split('\n'));
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.True(root.GetProperty("cycles").GetInt64() > 100);
        // block number, zero transfers, zero volume
        Assert.Equal("0x0102030405060708" + new string('0', 72), root.GetProperty("output").GetString());
        Assert.Equal(ProgramImage.FromElf(File.ReadAllBytes(elf)).Id.ToString(), root.GetProperty("imageId").GetString());
    }

    [Fact]
    public void MalformedElfIsAOneLineError()
    {
        var bad = Path.Combine(tmp.FullName, "bad.elf");
        File.WriteAllBytes(bad, [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, .. new byte[60]]);
        var (exit, stdout, stderr) = WscProcess.Run("vm", "run", bad, "--json");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("ELF64", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void TrapIsAOneLineError()
    {
        var elf = File.ReadAllBytes(BuildExample());
        // Overwrite the entry instruction with an illegal word.
        var entry = BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(24));
        var phoff = (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(28));
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(phoff + 4));
        var vaddr = BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(phoff + 8));
        BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan((int)(offset + entry - vaddr)), 0xffffffff);
        var patched = Path.Combine(tmp.FullName, "trap.elf");
        File.WriteAllBytes(patched, elf);
        var (exit, _, stderr) = WscProcess.Run("vm", "run", patched, "--json");
        Assert.Equal(1, exit);
        Assert.Contains($"illegal instruction 0xffffffff at pc 0x{entry:x8}", stderr);
    }

    [Fact]
    public void BuildWithoutManifestNamesTheFile()
    {
        var (exit, _, stderr) = WscProcess.Run("zkgraph", "build", tmp.FullName, "--json");
        Assert.Equal(1, exit);
        Assert.Contains("zkgraph.yaml: file not found", stderr);
    }

    [Fact]
    public void MissingInputFileIsReported()
    {
        var (exit, _, stderr) = WscProcess.Run("vm", "run", Path.Combine(tmp.FullName, "none.elf"), "--json");
        Assert.Equal(1, exit);
        Assert.Contains("ELF file not found", stderr);
    }
}
