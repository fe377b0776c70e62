using System.Diagnostics;
using Wsc.Zk.Graph;
using Wsc.Zk.Receipts;
using Wsc.Zk.Tests.Graph;
using Wsc.Zk.Vm;
using Xunit.Abstractions;
using static Wsc.Zk.Tests.Graph.Examples;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// The four example zkGraphs (all of which call keccak256), built with clang at -O0 and -O2 and run on real ticks, proven
/// into receipts and verified end to end with the verifier alone.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class ExampleGraphProofTests(ITestOutputHelper output)
{
    internal static TickInput Input(string example) => example switch
    {
        "erc20-volume" => ExampleGraphAirTests.Erc20(),
        "price-threshold" => ExampleGraphAirTests.PriceCross(),
        "receipt-proof" => ExampleTests.ProofBlock(130, [5, 129]).Input,
        _ => Block(100) with { Blobs = [ExampleTests.Model(8, 3, 0)] },
    };

    [Theory]
    [InlineData("erc20-volume", "0", 16)]
    [InlineData("erc20-volume", "2", 16)]
    [InlineData("price-threshold", "0", 16)]
    [InlineData("price-threshold", "2", 16)]
    [InlineData("receipt-proof", "0", 16)]
    [InlineData("receipt-proof", "2", 12)] // three segments, hashing in each
    [InlineData("zkml-mlp", "0", 16)]
    [InlineData("zkml-mlp", "2", 16)]
    public void An_example_graph_is_proven_and_verified(string example, string opt, int segmentLog2)
    {
        var image = Image(example, opt);
        var input = Input(example).Encode();
        var run = new Executor(image).Run(input);
        Assert.True(run.Exited, run.Trap?.Message);
        var sw = Stopwatch.StartNew();
        var receipt = ReceiptProver.Prove(image, input, VmProving.Options, segmentLog2);
        long proveMs = sw.ElapsedMilliseconds;
        var v = Receipt.Verify(Receipt.Decode(receipt.Encode()), image, image.Id, VmProving.Options);
        Assert.True(v.IsValid, v.Reason);
        Assert.Equal(run.Output, v.Facts!.Output);
        Assert.Equal(run.ExitCode, (int)v.Facts.ExitCode);
        Assert.Equal(run.Cycles, v.Facts.Cycles);
        output.WriteLine($"{example} -O{opt}: {run.Cycles} cycles, {v.Facts.Segments} segments, proven in {proveMs} ms, receipt {receipt.Encode().Length} bytes");
    }
}
