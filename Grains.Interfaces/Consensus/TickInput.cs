namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>
/// What the consensus grain hands a block's tick: the header as RLP (the tick re-derives its hash) and the
/// block's receipts as consensus-encoded bytes (the tick recomputes receiptsRoot from them). <c>Final</c> says
/// the block is already at or below the node's finalized block when it is ticked (catching up).
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.TickInput")]
public sealed record TickInput(
    [property: Id(0)] ulong Number,
    [property: Id(1)] string Hash,
    [property: Id(2)] byte[] HeaderRlp,
    [property: Id(3)] IReadOnlyList<byte[]> Receipts,
    [property: Id(4)] DateTime SeenUtc,
    [property: Id(5)] bool Final = false);
