namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// An output as `wsc zkgraph outputs` and `GET /api/zkgraphs/{id}/outputs` print it: ARCHITECTURE section 9's
/// {block, hash, output, receiptId, status}, then what the run did and where its receipt stands.
/// </summary>
public sealed record ZkGraphOutputView(
    ulong Block, string Hash, string Output, string? ReceiptId, string Status, int? ExitCode, string? Error, long Cycles, string InputDigest, string? ReceiptState = null)
{
    public static ZkGraphOutputView From(ZkGraphOutput o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Number, o.Hash, "0x" + Convert.ToHexStringLower(o.Output), o.ReceiptId, o.Status.ToString().ToLowerInvariant(),
            o.ExitCode, o.Error, o.Cycles, o.InputDigest, o.ReceiptState);
    }
}
