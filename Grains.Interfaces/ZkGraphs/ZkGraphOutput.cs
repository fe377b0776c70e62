namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// The record of one graph run for one block hash: output bytes, exit code or the one-line reason it failed, cycles,
/// the input digest (public in a receipt), status, the proof receipt (once the proving issue fills it) and destination results.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.zkgraphs.ZkGraphOutput")]
public sealed record ZkGraphOutput(
    [property: Id(0)] string GraphId,
    [property: Id(1)] ulong Number,
    [property: Id(2)] string Hash,
    [property: Id(3)] ZkGraphOutputStatus Status,
    [property: Id(4)] byte[] Output,
    [property: Id(5)] int? ExitCode,
    [property: Id(6)] string? Error,
    [property: Id(7)] long Cycles,
    [property: Id(8)] string InputDigest,
    [property: Id(9)] string? ReceiptId,
    [property: Id(10)] string[] Destinations,
    [property: Id(11)] DateTime RecordedUtc)
{
    /// <summary>
    /// Where the receipt <see cref="ReceiptId"/> names stands (queued, proving, assembling, verified, `failed: reason`),
    /// read from the proof job when the output is read; null when the output is not being proven. Not stored with the output.
    /// </summary>
    [Id(12)]
    public string? ReceiptState { get; init; }
}
