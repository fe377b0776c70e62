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

    /// <summary>Records the receipt of a stored transaction.</summary>
    Task IncludedAsync(string graphId, string blockHash, ulong block, bool succeeded);
}
