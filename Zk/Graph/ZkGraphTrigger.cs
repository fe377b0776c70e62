namespace Wsc.Zk.Graph;

/// <summary>When a graph runs: on ticks with matching events, or every N blocks (N &gt; 0).</summary>
public sealed record ZkGraphTrigger(bool OnEvents, int EveryNBlocks);
