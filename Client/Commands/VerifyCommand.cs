using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Zk.Receipts;
using Wsc.Zk.Vm;

namespace Wsc.Client.Commands;

/// <summary>
/// `wsc verify RECEIPT --elf ELF [--image-id ID] [--min-security-bits B] [--json]`: checks a receipt with the verifier
/// alone. The receipt does not carry the program: the verifier supplies the ELF, whose image id the receipt must name
/// (and equal --image-id when given). The receipt's proof options are accepted when its proofs give at least
/// --min-security-bits conjectured bits (default 100). An invalid receipt is one line on stderr and exit code 1.
/// </summary>
public sealed class VerifyCommand : ICommandGroup
{
    public Command Build()
    {
        var receipt = new Argument<FileInfo>("RECEIPT") { Description = "receipt file written by `wsc prove`" };
        var elf = new Option<FileInfo?>("--elf") { Description = "the program's ELF (required: the receipt names it by image id only)" };
        var imageId = new Option<string?>("--image-id") { Description = "expected image id (0x + 64 hex digits)" };
        var minBits = new Option<int>("--min-security-bits") { Description = "least conjectured security accepted", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var verify = new Command("verify", "Verify a receipt: {valid, imageId, inputDigest, output, exitCode, cycles, segments, securityBits}") { receipt, elf, imageId, minBits, json };
        verify.SetAction(parse =>
        {
            var result = Verify(parse.GetValue(receipt)!, parse.GetValue(elf), parse.GetValue(imageId), parse.GetValue(minBits));
            Output.Write(result, parse.GetValue(json), r =>
                Console.WriteLine($"valid: image {r.ImageId} on input {r.InputDigest} exited {r.ExitCode} after {r.Cycles} cycles ({r.Segments} segments, {r.SecurityBits} bits)\noutput {r.Output}"));
            return 0;
        });
        return verify;
    }

    public static VerifyResult Verify(FileInfo file, FileInfo? elf, string? imageId, int minBits)
    {
        if (!file.Exists) throw new CliException($"receipt file not found: {file.FullName}");
        if (elf is null) throw new CliException("--elf is required: a receipt names its program by image id only");
        ImageId? expected = null;
        if (imageId is not null)
        {
            try
            {
                expected = ImageId.Parse(imageId);
            }
            catch (FormatException e)
            {
                throw new CliException($"--image-id: {e.Message}");
            }
        }
        var image = ReceiptFiles.LoadImage(elf);
        Receipt receipt;
        try
        {
            receipt = Receipt.Decode(File.ReadAllBytes(file.FullName));
        }
        catch (FormatException e)
        {
            throw new CliException($"{file.Name}: invalid: {e.Message}");
        }
        var v = new ReceiptVerifier(receipt.Options).Verify(receipt, image, expected);
        if (!v.IsValid) throw new CliException($"{file.Name}: invalid: {v.Reason}");
        var f = v.Facts!;
        if (f.SecurityBits < minBits) throw new CliException($"{file.Name}: invalid: its proofs give {f.SecurityBits} conjectured bits, below the {minBits} required");
        return new VerifyResult(true, f.ImageId.ToString(), "0x" + Convert.ToHexStringLower(f.InputDigest), "0x" + Convert.ToHexStringLower(f.Output),
            f.ExitCode, f.Cycles, f.Segments, f.SecurityBits);
    }
}
