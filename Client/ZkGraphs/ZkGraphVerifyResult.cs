namespace Wsc.Client.ZkGraphs;

/// <summary>
/// The JSON printed by `wsc zkgraph verify` when every check passed (a failed check is one line on stderr and exit code 1):
/// the graph, the block and its hash (from the user's node), the image id, the output proven and the checks made.
/// </summary>
public sealed record ZkGraphVerifyResult(bool Valid, string Graph, ulong Block, string BlockHash, string ImageId, string Output, int SecurityBits,
    string ReceiptId, IReadOnlyList<ZkGraphVerifyCheck> Checks);
