namespace Wsc.Grains.Consensus;

/// <summary>The `Ethereum` configuration section: which node to follow and how.</summary>
public sealed class EthereumOptions
{
    /// <summary>HTTP JSON-RPC URL; empty in development means "the devnet the silo starts".</summary>
    public string? Rpc { get; set; }

    /// <summary>WebSocket URL for `eth_subscribe newHeads`; empty means polling only.</summary>
    public string? Ws { get; set; }

    /// <summary>The chain id the node must report (31337 for anvil).</summary>
    public ulong ChainId { get; set; } = 31337;

    /// <summary>Blocks behind head a tick waits for by default (0 = tick at head).</summary>
    public int Confirmations { get; set; }

    /// <summary>The deepest reorg followed; a deeper one halts the follower.</summary>
    public int ReorgDepth { get; set; } = 64;

    /// <summary>First block to tick when there is no cursor yet.</summary>
    public ulong StartBlock { get; set; }

    /// <summary>How often the follower polls for heads (the WebSocket push makes it immediate).</summary>
    public int PollIntervalMs { get; set; } = 250;

    /// <summary>Blocks fetched ahead while catching up, in batches of <see cref="FetchBatch"/> (dispatch stays in block order).</summary>
    public int Prefetch { get; set; } = 256;

    /// <summary>Blocks per JSON-RPC batch (one batch of headers, then one of their receipts).</summary>
    public int FetchBatch { get; set; } = 32;

    /// <summary>
    /// Ticks in flight at once while catching up: dispatched in block order, completed and committed to the
    /// cursor in block order (1 = strictly one after another).
    /// </summary>
    public int TickConcurrency { get; set; } = 8;

    /// <summary>
    /// Blocks ticked between cursor writes while catching up (the cursor is always written at the end of a step).
    /// Ticks are idempotent, so a crash replays at most this many ticks, each returning its stored record.
    /// </summary>
    public int PersistEvery { get; set; } = 1;

    /// <summary>
    /// When a step reaches the node's head, its newest blocks above the finalized block, up to this many, are ticked
    /// live (each in its block-tick grain: re-verification and the storage challenge), so a follower that fell a few
    /// blocks behind (a slow poll, a busy machine) still runs every recent block's cycle. Older blocks met while
    /// catching up are recorded in bulk in the ledger pages.
    /// </summary>
    public int LiveTail { get; set; } = 8;

    /// <summary>Most blocks ticked in one follower turn before yielding to other calls.</summary>
    public int MaxBlocksPerStep { get; set; } = 4096;

    /// <summary>
    /// A new follower (no state yet) starts paused: nothing is ticked until `wsc chain resume`, e.g. to deploy
    /// zkGraphs before the first tick. A follower that has state is never paused by this.
    /// </summary>
    public bool StartPaused { get; set; }

    /// <summary>How long the silo waits at start-up for the node before giving up with an error.</summary>
    public int StartupTimeoutSeconds { get; set; } = 30;

    /// <summary>The chain's grain key, e.g. `eth-31337`.</summary>
    public string ChainKey => ChainKeys.Ethereum(ChainId);
}
