namespace Wsc.Client.ZkGraphs;

/// <summary>A check of `wsc zkgraph verify` that failed: <see cref="Check"/> names it, the message says what did not match.</summary>
public sealed class ZkGraphVerifyException(string check, string detail) : Exception($"{check}: {detail}")
{
    /// <summary>The check that failed (graph, program, chain, blockHash, receiptFormat, inputDigest, imageId, output, receipt).</summary>
    public string Check { get; } = check;
}
