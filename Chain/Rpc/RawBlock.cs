namespace Wsc.Chain.Rpc;

/// <summary>
/// A block fetched in bulk and verified without building object models: its header RLP was rebuilt from the node's
/// JSON and hashes to <see cref="Hash"/> (which the node also claimed), and its receipts' consensus encodings
/// rebuild the header's receipts root.
/// </summary>
public sealed class RawBlock
{
    /// <summary>Block number.</summary>
    public required ulong Number { get; init; }

    /// <summary>keccak256 of <see cref="HeaderRlp"/>.</summary>
    public required Hash32 Hash { get; init; }

    /// <summary>The parent's hash as the header names it.</summary>
    public required Hash32 ParentHash { get; init; }

    /// <summary>Header timestamp (seconds).</summary>
    public required ulong Timestamp { get; init; }

    /// <summary>The header's receipts root, which <see cref="Receipts"/> rebuild.</summary>
    public required Hash32 ReceiptsRoot { get; init; }

    /// <summary>The canonical header RLP.</summary>
    public required byte[] HeaderRlp { get; init; }

    /// <summary>Consensus encodings of the receipts in transaction order.</summary>
    public required IReadOnlyList<byte[]> Receipts { get; init; }

    /// <summary>Logs across all receipts.</summary>
    public required int LogCount { get; init; }

    /// <summary>When the header arrived (before its receipts were asked for).</summary>
    public required DateTime ReceivedUtc { get; init; }
}
