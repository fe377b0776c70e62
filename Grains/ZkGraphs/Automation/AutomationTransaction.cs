namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>
/// The automation transaction of one (graph, block hash): signed and persisted before it is sent, so a restart sends
/// the same bytes (same hash) instead of signing a second one. <see cref="Raw"/> is the current signing; a fee bump
/// signs again under the same <see cref="Nonce"/> and keeps the earlier signings in <see cref="Replaced"/> (any of
/// them may be the one mined; the shared nonce lets only one land). Inclusion is filled from the receipt, and cleared
/// when a reorg drops the block that held it. <see cref="ReceiptId"/> names the proof of the output when the graph proves.
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
    /// <summary>Earlier signings of this nonce, replaced by a fee bump, oldest first.</summary>
    public IReadOnlyList<byte[]> Replaced { get; init; } = [];

    /// <summary>The hash of the signing the receipt was read for (the current one or a replaced one), when included.</summary>
    public string? IncludedHash { get; init; }

    /// <summary>The proof job receipt id of the output (docs/proving.md), or null when the graph does not prove.</summary>
    public string? ReceiptId { get; init; }

    /// <summary>Every hash this output's transaction may be mined under: the current signing first.</summary>
    public IEnumerable<string> Hashes => Replaced.Select(r => Wsc.Chain.Crypto.Keccak.Hash(r).ToString()).Prepend(TxHash);

    /// <summary>The line recorded in the output's destination results.</summary>
    public string Result(string to) => IncludedIn is ulong n
        ? $"ethereum {to}: {IncludedHash ?? TxHash} included in block {n}, {(Succeeded == true ? "succeeded" : "reverted")}"
        : $"ethereum {to}: {TxHash} sent (nonce {Nonce})";
}
