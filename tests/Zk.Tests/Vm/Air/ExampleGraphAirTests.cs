using System.Numerics;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Graph.Examples;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Example zkGraphs built with clang at -O0 and -O2, run on real ticks in small segments: every segment's witness
/// satisfies every constraint and bus of the AIR (keccak calls included), and the segments chain.
/// </summary>
public sealed class ExampleGraphAirTests
{
    private static readonly byte[] Pool = Hex("e7f1725E7734CE288F8367e1Bb143E90bb3F0512");

    internal static TickInput Erc20() => Block(9,
        new TickLog(0, 0, Hex("5FbDB2315678afecb367f032d93F642f64180aa3"),
            [ZkGraphManifest.Topic("Transfer(address,address,uint256)"), new byte[32], new byte[32]], Word(12345)));

    internal static TickInput PriceCross()
    {
        var e18 = BigInteger.Pow(10, 18);
        return Block(900, new TickLog(0, 0, Pool, [ZkGraphManifest.Topic("Sync(uint112,uint112)")], [.. Word(e18), .. Word(2100 * e18)])) with
        {
            Slots = [new TickSlot(Pool, Word(8), Word(e18 | (1900 * e18 << 112) | (new BigInteger(1_700_000_000) << 224)))],
        };
    }

    /// <summary>Real clang output: prologue, input parsing through read_input, stack and heap traffic, keccak256 calls.</summary>
    [Theory]
    [InlineData("erc20-volume", "0")]
    [InlineData("erc20-volume", "2")]
    [InlineData("price-threshold", "0")]
    [InlineData("price-threshold", "2")]
    public void Every_segment_of_an_example_graph_satisfies_the_AIR(string example, string opt)
    {
        var image = Image(example, opt);
        var input = (example == "erc20-volume" ? Erc20() : PriceCross()).Encode();
        var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = 8 }).Run(input);
        Assert.True(run.Exited, run.Trap?.Message);
        uint inPos = 0, outPos = 0;
        int proven = 0;
        SegmentWitness? previous = null;
        var memory = RunMemory.Of(image, run, VmProving.Options);
        foreach (var segment in run.Trace!.Segments)
        {
            var w = VmAir.Build(image, segment, input, run.Output, inPos, outPos, memory, proven);
            Assert.Null(Wsc.Zk.Air.TraceChecker.Check(w.System, w.Traces, w.PublicInputs));
            if (previous is not null)
            {
                Assert.Equal(previous.Boundary.EndPc, w.Boundary.StartPc);
                Assert.Equal(previous.Boundary.EndRegisters, w.Boundary.StartRegisters);
            }
            inPos = w.Boundary.InputEnd;
            outPos = w.Boundary.OutputEnd;
            previous = w;
            proven++;
        }
        Assert.Equal(run.Trace.Segments.Count, proven);
        Assert.True(proven >= 2, $"only {proven} segments");
        Assert.Equal((uint)input.Length, inPos);
        Assert.Equal((uint)run.Output.Length, outPos);
        Assert.Contains(run.Trace.Segments, s => s.Syscalls.Any(e => e.Number == Syscalls.Keccak256));
    }
}
