namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>Persisted automation transactions: one per (graph, block hash), one per (automation key, nonce).</summary>
public interface IAutomationStore
{
    /// <summary>The transaction of (<paramref name="graphId"/>, <paramref name="blockHash"/>), or null when none was signed.</summary>
    Task<AutomationTransaction?> FindAsync(string graphId, string blockHash);

    /// <summary>The nonce after the highest one stored for <paramref name="from"/>, or 0.</summary>
    Task<ulong> NextNonceAsync(string from);

    /// <summary>
    /// Stores <paramref name="tx"/> unless its (graph, block hash) or (from, nonce) is taken; returns the transaction now
    /// stored for its (graph, block hash), or null when only the nonce was taken (the caller signs again with a new one).
    /// </summary>
    Task<AutomationTransaction?> AddAsync(AutomationTransaction tx);

    /// <summary>
    /// Records the receipt of a stored transaction: the hash it was mined under, its block and status; a null
    /// <paramref name="block"/> clears them (a reorg dropped the block that held it).
    /// </summary>
    Task IncludedAsync(string graphId, string blockHash, string? txHash, ulong? block, bool? succeeded);

    /// <summary>
    /// Replaces the current signing of (graph, block hash) by <paramref name="raw"/> (same nonce, higher fees), keeping
    /// the current one among the replaced; only while the current hash is <paramref name="currentHash"/> (a racing bump
    /// wins once). Returns the transaction now stored.
    /// </summary>
    Task<AutomationTransaction> ReplaceAsync(string graphId, string blockHash, string currentHash, string newHash, byte[] raw);

    /// <summary>
    /// The transactions of <paramref name="graphId"/> still watched: not included, or included above block
    /// <paramref name="confirmedThrough"/> (a reorg may still drop them); the newest <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<AutomationTransaction>> WatchedAsync(string graphId, ulong confirmedThrough, int limit);
}
