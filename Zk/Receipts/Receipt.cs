using Wsc.Zk.Stark;
using Wsc.Zk.Vm;

namespace Wsc.Zk.Receipts;

/// <summary>
/// The proof that a program (image id) ran on an input to completion, wrote exactly `Output` and exited with
/// `ExitCode` after `Cycles` cycles: the run's facts and one STARK proof per segment. The receipt carries the input
/// itself (the segment proofs' input table is built from it; `InputDigest` is its hash with the image's hasher) but
/// not the program: the verifier supplies the ELF and the receipt's image id must match it. See docs/zkvm.md,
/// "Receipts".
/// </summary>
public sealed record Receipt(
    ImageId ImageId,
    byte[] InputDigest,
    byte[] Input,
    byte[] Output,
    uint ExitCode,
    long Cycles,
    ProofOptions Options,
    IReadOnlyList<SegmentReceipt> Segments)
{
    /// <summary>The versioned binary form (<see cref="ReceiptCodec"/>).</summary>
    public byte[] Encode() => ReceiptCodec.Encode(this);

    /// <summary>Parses the binary form strictly; throws FormatException with a one-line reason.</summary>
    public static Receipt Decode(ReadOnlySpan<byte> data) => ReceiptCodec.Decode(data);

    /// <summary>
    /// Checks the receipt with the verifier alone against the program `image` (and `expectedImageId` when given) at
    /// `options` (default <see cref="ProofOptions.Default"/>): the facts a client may rely on, or why not.
    /// </summary>
    public static ReceiptVerification Verify(Receipt receipt, ProgramImage image, ImageId? expectedImageId = null, ProofOptions? options = null) =>
        new ReceiptVerifier(options ?? ProofOptions.Default).Verify(receipt, image, expectedImageId);
}
