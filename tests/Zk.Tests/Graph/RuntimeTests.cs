using System.Buffers.Binary;
using System.Text;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;

namespace Wsc.Zk.Tests.Graph;

/// <summary>The SDK runtime: clang's 64-bit helpers (__udivdi3 and friends), libc pieces, and bare input handling.</summary>
public sealed class RuntimeTests
{
    private static readonly (ulong A, ulong B)[] Pairs =
    [
        (100, 7), (7, 100), (ulong.MaxValue, 1), (ulong.MaxValue, ulong.MaxValue), (ulong.MaxValue, 3),
        (0x8000_0000_0000_0000, ulong.MaxValue), // i64 MIN / -1: compilers' helpers wrap to MIN, remainder 0
        (0x1234_5678_9abc_def0, 0x1_0000_0001), (0xfedc_ba98_7654_3210, 0x8000_0000), (12345, 0xffff_ffff_ffff_fff9),
        (0xffff_ffff_ffff_fff9, 2), (1, 63), (0x8000_0000_0000_0001, 33), (0xdead_beef, 32),
    ];

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    public void SixtyFourBitHelpersMatchCSharp(string opt)
    {
        var blob = new byte[Pairs.Length * 16];
        for (var i = 0; i < Pairs.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(16 * i), Pairs[i].A);
            BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(16 * i + 8), Pairs[i].B);
        }
        var r = Examples.Run("rt-check", opt, Examples.Block(1) with { Blobs = [blob] });
        Assert.True(r.Exited, r.Trap?.Message);
        Assert.Equal(0, r.ExitCode);
        for (var i = 0; i < Pairs.Length; i++)
        {
            var (a, b) = Pairs[i];
            var s = (int)(b & 63);
            long sa = (long)a, sb = (long)b;
            var sq = sa == long.MinValue && sb == -1 ? long.MinValue : sa / sb;
            var sr = sa == long.MinValue && sb == -1 ? 0 : sa % sb;
            ulong[] expected = [a * b, a / b, a % b, (ulong)sq, (ulong)sr, a << s, a >> s, (ulong)(sa >> s)];
            for (var k = 0; k < 8; k++)
                Assert.True(expected[k] == BinaryPrimitives.ReadUInt64BigEndian(r.Output.AsSpan(64 * i + 8 * k)), $"pair {i} ({a:x}, {b:x}) result {k}");
        }
        Assert.Equal(Encoding.ASCII.GetBytes("bcdefdefghklzzz"), r.Output.AsSpan(64 * Pairs.Length, 15).ToArray());
        Assert.Equal(0, r.Output[^1]); // memcmp("abc", "abd") = -1, plus 1
    }

    [Fact]
    public void BareRunWithoutInputSeesNoBlock()
    {
        // erc20-volume returns 1 when there is no tick header: an empty input is a valid bare run, not an error.
        var r = new Executor(Examples.Image("erc20-volume", "2")).Run([]);
        Assert.Equal(1, r.ExitCode);
    }

    [Fact]
    public void BuildsAreReproducible()
    {
        var dir = Examples.Dir("erc20-volume");
        var tmp = Directory.CreateTempSubdirectory("wsc-repro-");
        try
        {
            var builder = new GuestBuilder(Examples.Sdk);
            var a = builder.Build(dir, "2", Path.Combine(tmp.FullName, "a.elf"));
            var b = builder.Build(dir, "2", Path.Combine(tmp.FullName, "b.elf"));
            Assert.Equal(a.ImageId, b.ImageId);
            Assert.Equal(File.ReadAllBytes(a.Elf), File.ReadAllBytes(b.Elf));
        }
        finally
        {
            tmp.Delete(true);
        }
    }

    [Fact]
    public void CompileErrorsAreOneLine()
    {
        var tmp = Directory.CreateTempSubdirectory("wsc-bad-");
        try
        {
            File.WriteAllText(Path.Combine(tmp.FullName, "zkgraph.yaml"), File.ReadAllText(Path.Combine(Examples.Dir("erc20-volume"), "zkgraph.yaml")));
            File.WriteAllText(Path.Combine(tmp.FullName, "bad.c"), "int main(void) { return undefined_name; }\n");
            var e = Assert.Throws<GuestBuildException>(() => new GuestBuilder(Examples.Sdk).Build(tmp.FullName));
            Assert.Contains("bad.c", e.Message);
            Assert.Contains("undefined_name", e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }
        finally
        {
            tmp.Delete(true);
        }
    }

    [Fact]
    public void MissingSdkIsReported()
    {
        var e = Assert.Throws<GuestBuildException>(() => new GuestBuilder("/nonexistent"));
        Assert.Contains("include/zkgraph.h", e.Message);
    }
}
