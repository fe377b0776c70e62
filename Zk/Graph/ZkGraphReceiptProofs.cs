namespace Wsc.Zk.Graph;

/// <summary>The manifest's `receiptProofs`: which receipts the tick input carries Merkle-Patricia proofs of.</summary>
public enum ZkGraphReceiptProofs
{
    /// <summary>None (the default): the graph trusts the logs as the cluster matched them.</summary>
    None = 0,

    /// <summary>Every receipt holding a matched log, proven against the header's receiptsRoot, so the guest can check them itself.</summary>
    Matched = 1,
}
