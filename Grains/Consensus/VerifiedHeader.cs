namespace Wsc.Grains.Consensus;

/// <summary>A header whose hash was recomputed from its fields (keccak of its RLP) and matched what the node claimed.</summary>
public sealed record VerifiedHeader(ulong Number, string Hash, string ParentHash, ulong Timestamp, byte[] Rlp, DateTime SeenUtc)
{
    /// <summary>The decoded header when the source already has it (saves decoding <see cref="Rlp"/> again).</summary>
    public Wsc.Chain.Types.BlockHeader? Parsed { get; init; }
}

/// <summary>A header together with its receipts, whose trie root matched the header's receiptsRoot.</summary>
public sealed record VerifiedBlock(VerifiedHeader Header, IReadOnlyList<byte[]> Receipts)
{
    /// <summary>Logs across the receipts, when the source counted them while reading (else counted from <see cref="Receipts"/>).</summary>
    public int? Logs { get; init; }
}
