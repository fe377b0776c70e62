using System.CommandLine;
using System.Diagnostics;
using Wsc.Client.Cli;
using Wsc.Zk.Receipts;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;

namespace Wsc.Client.Commands;

/// <summary>
/// `wsc prove ELF [--input FILE] [-o RECEIPT] [--segment-log2 K] [--json]`: runs the guest locally, proves every segment
/// at the default proof options and writes the receipt; progress per segment on stderr when it is a terminal.
/// </summary>
public sealed class ProveCommand : ICommandGroup
{
    public Command Build()
    {
        var elf = new Argument<FileInfo>("ELF") { Description = "RV32IM ELF executable" };
        var input = new Option<FileInfo?>("--input") { Description = "binary input file" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "receipt file (default: ELF name + .receipt)" };
        var segmentLog2 = new Option<int>("--segment-log2") { Description = "segments of 2^K cycles (4..24)", DefaultValueFactory = _ => ReceiptProver.DefaultSegmentLog2 };
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var prove = new Command("prove", "Prove a run of an ELF into a receipt: {receipt, cycles, segments, proveMs, receiptBytes}") { elf, input, output, segmentLog2, json };
        prove.SetAction(parse =>
        {
            var elfFile = parse.GetValue(elf)!;
            var result = Prove(elfFile, parse.GetValue(input), parse.GetValue(output), parse.GetValue(segmentLog2));
            Output.Write(result, parse.GetValue(json), r =>
                Console.WriteLine($"receipt {r.Receipt} ({r.ReceiptBytes} bytes): {r.Cycles} cycles in {r.Segments} segments, proven in {r.ProveMs} ms"));
            return 0;
        });
        return prove;
    }

    public static ProveResult Prove(FileInfo elf, FileInfo? input, FileInfo? output, int segmentLog2)
    {
        if (segmentLog2 < 4 || segmentLog2 > 24) throw new CliException($"--segment-log2 {segmentLog2}: expected 4..24");
        var image = ReceiptFiles.LoadImage(elf);
        if (input is { Exists: false }) throw new CliException($"input file not found: {input.FullName}");
        var bytes = input is null ? [] : File.ReadAllBytes(input.FullName);
        var path = output?.FullName ?? elf.FullName + ".receipt";
        bool terminal = !Console.IsErrorRedirected;
        var sw = Stopwatch.StartNew();
        Receipt receipt;
        try
        {
            receipt = ReceiptProver.Prove(image, bytes, ProofOptions.Default, segmentLog2, terminal
                ? p => Console.Error.WriteLine($"segment {p.Index + 1}/{p.Count} proven ({p.Cycles} cycles, {p.Elapsed.TotalSeconds:F1} s)")
                : null);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"{elf.Name}: {e.Message}");
        }
        long proveMs = sw.ElapsedMilliseconds;
        var encoded = receipt.Encode();
        File.WriteAllBytes(path, encoded);
        return new ProveResult(path, receipt.Cycles, receipt.Segments.Count, proveMs, encoded.Length);
    }
}
