using System.Collections.Concurrent;
using System.Numerics;
using Org.BouncyCastle.Crypto.Digests;
using Wsc.TestKit;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;

namespace Wsc.Zk.Tests.Graph;

/// <summary>Builds the guest examples once per test run (per optimization level) and runs them on tick inputs.</summary>
internal static class Examples
{
    private static readonly ConcurrentDictionary<string, Lazy<ProgramImage>> Built = new();
    private static readonly string OutDir = Path.Combine(Path.GetTempPath(), $"wsc-examples-{Environment.ProcessId}");

    public static string Sdk => Path.Combine(Paths.RepoRoot, "guest");

    public static string Dir(string name) => Path.Combine(Sdk, "examples", name);

    /// <summary>The example (or test guest under tests/Zk.Tests/Graph/guests) built at -O{opt}.</summary>
    public static ProgramImage Image(string name, string opt) => Built.GetOrAdd($"{name}-O{opt}", key => new Lazy<ProgramImage>(() =>
    {
        var dir = Directory.Exists(Dir(name)) ? Dir(name) : Path.Combine(Paths.RepoRoot, "tests", "Zk.Tests", "Graph", "guests", name);
        var build = new GuestBuilder(Sdk).Build(dir, opt, Path.Combine(OutDir, key + ".elf"));
        return ProgramImage.FromElf(File.ReadAllBytes(build.Elf));
    })).Value;

    public static ExecutionResult Run(string name, string opt, TickInput input) =>
        new Executor(Image(name, opt), new ExecutionOptions { MaxCycles = 200_000_000 }).Run(input.Encode());

    public static byte[] Keccak(byte[] data)
    {
        var k = new KeccakDigest(256);
        k.BlockUpdate(data, 0, data.Length);
        var h = new byte[32];
        k.DoFinal(h, 0);
        return h;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);

    public static byte[] Word(BigInteger v) => Pad(v.ToByteArray(isUnsigned: true, isBigEndian: true), 32);

    public static byte[] Pad(byte[] be, int n)
    {
        var r = new byte[n];
        be.CopyTo(r, n - be.Length);
        return r;
    }

    public static byte[] AddressTopic(byte[] address) => Pad(address, 32);

    public static TickInput Block(ulong number, params TickLog[] logs) => new()
    {
        ChainId = 31337, Number = number, Timestamp = 1_700_000_000 + number * 12, GasLimit = 30_000_000, GasUsed = 12_000_000,
        BaseFeePerGas = Word(7_000_000_000), Hash = Keccak([(byte)number]), ParentHash = Keccak([(byte)(number - 1)]), Logs = logs,
    };
}
