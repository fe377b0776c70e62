using System.Text.Json;
using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Client.Tests.Commands;

/// <summary>`wsc prove` and `wsc verify` end to end through the real binary, on hand-assembled guests.</summary>
public sealed class ProveVerifyCommandTests : IDisposable
{
    private readonly DirectoryInfo tmp = Directory.CreateTempSubdirectory("wsc-prove-");

    public void Dispose() => tmp.Delete(true);

    /// <summary>Reads up to 4 input bytes into a buffer, writes them to the output, exits with the number read.</summary>
    private static uint[] Echo4() =>
    [
        .. Li(T0, 0x20000), .. Li(A7, Syscalls.ReadInput), Addi(A0, T0, 0), Addi(A1, 0, 4), Ecall, Addi(T1, A0, 0),
        .. Li(A7, Syscalls.WriteOutput), Addi(A0, T0, 0), Addi(A1, T1, 0), Ecall,
        Addi(A0, T1, 0), .. Exit,
    ];

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(tmp.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void ProveThenVerifyPrintsTheFactsAndATamperedReceiptIsOneLineAndNonZero()
    {
        var elf = Write("echo.elf", Elf(Echo4()));
        var input = Write("in.bin", [0xca, 0xfe, 0x01]);
        var receipt = Path.Combine(tmp.FullName, "echo.receipt");
        var (exit, stdout, stderr) = WscProcess.Run("prove", elf, "--input", input, "-o", receipt, "--segment-log2", "10", "--json");
        Assert.True(exit == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            var r = doc.RootElement;
            Assert.Equal(receipt, r.GetProperty("receipt").GetString());
            Assert.Equal(1, r.GetProperty("segments").GetInt32());
            Assert.Equal(new FileInfo(receipt).Length, r.GetProperty("receiptBytes").GetInt64());
            Assert.True(r.GetProperty("cycles").GetInt64() > 10);
            Assert.True(r.GetProperty("proveMs").GetInt64() > 0);
        }
        Assert.DoesNotContain("segment 1/1", stderr); // stderr is not a terminal here

        var image = ProgramImage.FromElf(File.ReadAllBytes(elf));
        (exit, stdout, stderr) = WscProcess.Run("verify", receipt, "--elf", elf, "--image-id", image.Id.ToString(), "--json");
        Assert.True(exit == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            var r = doc.RootElement;
            Assert.True(r.GetProperty("valid").GetBoolean());
            Assert.Equal(image.Id.ToString(), r.GetProperty("imageId").GetString());
            Assert.Equal("0xcafe01", r.GetProperty("output").GetString());
            Assert.Equal(3u, r.GetProperty("exitCode").GetUInt32());
            Assert.Equal(1, r.GetProperty("segments").GetInt32());
            Assert.True(r.GetProperty("securityBits").GetInt32() >= 100);
            var digest = new byte[32];
            image.Hasher.Hash([0xca, 0xfe, 0x01], digest);
            Assert.Equal("0x" + Convert.ToHexStringLower(digest), r.GetProperty("inputDigest").GetString());
        }

        // Another expected image id, another ELF, a flipped byte in the proof, trailing bytes: one line, exit 1.
        var other = Write("other.elf", Elf([.. Echo4(), Addi(A0, 0, 1)]));
        var bytes = File.ReadAllBytes(receipt);
        var flipped = (byte[])bytes.Clone();
        flipped[^100] ^= 0x10;
        var cases = new (string[] Args, string Expect)[]
        {
            (["verify", receipt, "--elf", elf, "--image-id", ProgramImage.FromElf(File.ReadAllBytes(other)).Id.ToString()], "expected"),
            (["verify", receipt, "--elf", other], "the program given is"),
            (["verify", Write("flipped.receipt", flipped), "--elf", elf], "invalid: segment 0"),
            (["verify", Write("long.receipt", [.. bytes, 0]), "--elf", elf], "trailing"),
            (["verify", receipt], "--elf is required"),
        };
        foreach (var (args, expect) in cases)
        {
            (exit, stdout, stderr) = WscProcess.Run([.. args, "--json"]);
            Assert.Equal(1, exit);
            Assert.Empty(stdout);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.Contains(expect, stderr);
        }
    }

    [Fact]
    public void A_guest_that_hashes_with_keccak256_is_proven_and_verified()
    {
        uint[] code =
        [
            .. Li(T0, 0x20001), .. Li(A7, Syscalls.ReadInput), Addi(A0, T0, 0), Addi(A1, 0, 512), Ecall, Addi(A1, A0, 0),
            .. Li(A7, Syscalls.Keccak256), Addi(A0, T0, 0), .. Li(A2, 0x21002), Ecall,
            .. Li(A7, Syscalls.WriteOutput), .. Li(A0, 0x21002), Addi(A1, 0, 32), Ecall,
            Addi(A0, 0, 0), .. Exit,
        ];
        var elf = Write("hash.elf", Elf(code));
        var data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var input = Write("in.bin", data);
        var receipt = Path.Combine(tmp.FullName, "hash.receipt");
        var (exit, _, stderr) = WscProcess.Run("prove", elf, "--input", input, "-o", receipt, "--json");
        Assert.True(exit == 0, stderr);
        (exit, var stdout, stderr) = WscProcess.Run("verify", receipt, "--elf", elf, "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        var digest = new Org.BouncyCastle.Crypto.Digests.KeccakDigest(256);
        digest.BlockUpdate(data, 0, data.Length);
        var expected = new byte[32];
        digest.DoFinal(expected, 0);
        Assert.Equal("0x" + Convert.ToHexStringLower(expected), doc.RootElement.GetProperty("output").GetString());
    }

    [Fact]
    public void A_run_that_traps_is_not_proven()
    {
        var elf = Write("trap.elf", Elf([Lw(5, 0, 0), .. Exit]));
        var (exit, stdout, stderr) = WscProcess.Run("prove", elf, "--json");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("trapped", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
