using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>The ECALL ABI: input, output, keccak and debug print.</summary>
public sealed class SyscallTests
{
    private static uint[] Sys(uint n) => [.. Li(A7, n), Ecall];

    [Fact]
    public void InputIsReadInChunksAndOutputIsTheJournal()
    {
        uint[] code =
        [
            .. Sys(Syscalls.InputLength), Addi(20, A0, 0),          // s4 = len
            .. Li(A0, 0x20000), Addi(A1, 0, 3), .. Sys(Syscalls.ReadInput), Addi(21, A0, 0),
            .. Li(A0, 0x20003), Addi(A1, 0, 100), .. Sys(Syscalls.ReadInput), Addi(22, A0, 0),
            .. Li(A0, 0x20000), Addi(A1, 0, 100), .. Sys(Syscalls.ReadInput), Addi(23, A0, 0),
            .. Li(A0, 0x20000), Addi(A1, 0, 5), .. Sys(Syscalls.WriteOutput),
            Addi(A0, 0, 0), .. Exit,
        ];
        var r = Executor.Run(Elf(code, [], 256), "hello"u8);
        Assert.True(r.Exited, r.Trap?.Message);
        Assert.Equal(5u, r.Registers[20]);
        Assert.Equal(3u, r.Registers[21]);
        Assert.Equal(2u, r.Registers[22]);
        Assert.Equal(0u, r.Registers[23]);
        Assert.Equal("hello"u8.ToArray(), r.Output);
    }

    [Fact]
    public void KeccakMatchesBouncyCastle()
    {
        var data = Encoding.ASCII.GetBytes("abc");
        uint[] code =
        [
            .. Li(A0, 0x20000), Addi(A1, 0, 3), .. Li(A2, 0x20040), .. Sys(Syscalls.Keccak256),
            .. Li(A0, 0x20040), Addi(A1, 0, 32), .. Sys(Syscalls.WriteOutput),
            .. Li(A0, 0x20000), Addi(A1, 0, 0), .. Li(A2, 0x20040), .. Sys(Syscalls.Keccak256),
            .. Li(A0, 0x20040), Addi(A1, 0, 32), .. Sys(Syscalls.WriteOutput),
            Addi(A0, 0, 0), .. Exit,
        ];
        var r = Executor.Run(Elf(code, data, 128), []);
        Assert.True(r.Exited, r.Trap?.Message);
        var k = new KeccakDigest(256);
        var expected = new byte[32];
        k.BlockUpdate(data, 0, 3);
        k.DoFinal(expected, 0);
        Assert.Equal(expected, r.Output[..32]);
        Assert.Equal("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Convert.ToHexStringLower(r.Output[32..]));
    }

    [Fact]
    public void DebugPrintGoesToTheSinkOnly()
    {
        uint[] code = [.. Li(A0, 0x20000), Addi(A1, 0, 2), .. Sys(Syscalls.DebugPrint), Addi(A0, 0, 0), .. Exit];
        var sink = new StringWriter();
        var r = Executor.Run(Elf(code, "hi"u8.ToArray(), 4), [], new ExecutionOptions { Debug = sink });
        Assert.Equal("hi", sink.ToString());
        Assert.Empty(r.Output);
    }

    [Fact]
    public void OutputLimitTraps()
    {
        uint[] code = [.. Li(A0, 0x20000), Addi(A1, 0, 64), .. Sys(Syscalls.WriteOutput), Addi(A0, 0, 0), .. Exit];
        var r = Executor.Run(Elf(code, [], 64), [], new ExecutionOptions { MaxOutputBytes = 32 });
        Assert.Equal(TrapKind.OutputLimit, r.Trap!.Kind);
    }

    [Fact]
    public void InputDigestIsTheSha256OfTheInput()
    {
        var r = Executor.Run(Elf([Addi(A0, 0, 0), .. Exit]), "tick"u8);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("tick"u8), r.InputDigest);
    }
}
