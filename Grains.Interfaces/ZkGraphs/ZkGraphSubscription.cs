namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// What the tick path needs to know of a running graph: which logs it reads, when it runs, and whether its input carries
/// proofs of the matched logs' receipts (`receiptProofs: matched`; false for graphs registered before the field existed).
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.zkgraphs.ZkGraphSubscription")]
public sealed record ZkGraphSubscription(
    [property: Id(0)] string GraphId,
    [property: Id(1)] ZkGraphEventFilter[] Events,
    [property: Id(2)] bool OnEvents,
    [property: Id(3)] int EveryNBlocks,
    [property: Id(4)] bool ProveMatchedReceipts = false);
