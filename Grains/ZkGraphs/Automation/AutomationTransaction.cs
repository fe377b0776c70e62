namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>
/// The automation transaction of one (graph, block hash): signed and persisted before it is sent, so a restart sends
/// the same bytes (same hash) instead of signing a second one. Inclusion is filled from the receipt.
/// </summary>
public sealed record AutomationTransaction(
    string GraphId,
    ulong Number,
    string BlockHash,
    string From,
    ulong Nonce,
    string TxHash,
    byte[] Raw,
    ulong? IncludedIn = null,
    bool? Succeeded = null)
{
    /// <summary>The line recorded in the output's destination results.</summary>
    public string Result(string to) => IncludedIn is ulong n
        ? $"ethereum {to}: {TxHash} included in block {n}, {(Succeeded == true ? "succeeded" : "reverted")}"
        : $"ethereum {to}: {TxHash} sent (nonce {Nonce})";
}
