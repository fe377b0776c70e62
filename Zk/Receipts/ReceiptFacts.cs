using Wsc.Zk.Vm;

namespace Wsc.Zk.Receipts;

/// <summary>What a valid receipt proves: this program, on the input with this digest, wrote this output and exited with this code after this many cycles.</summary>
/// <param name="SecurityBits">Conjectured bits of the weakest segment proof (<see cref="Stark.SecurityEstimate.ConjecturedBits"/>).</param>
public sealed record ReceiptFacts(ImageId ImageId, byte[] InputDigest, byte[] Output, uint ExitCode, long Cycles, int Segments, int SecurityBits);
