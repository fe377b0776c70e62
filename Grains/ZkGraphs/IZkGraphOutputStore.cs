using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs;

/// <summary>Where graph outputs live: one record per (graph, block hash). Memory in development, PostgreSQL in production.</summary>
public interface IZkGraphOutputStore
{
    /// <summary>The stored outputs of <paramref name="graphId"/> among <paramref name="hashes"/>.</summary>
    Task<IReadOnlyList<ZkGraphOutput>> FindAsync(string graphId, IReadOnlyCollection<string> hashes);

    /// <summary>Inserts or replaces the records (keyed by graph and block hash) in one transaction.</summary>
    Task SaveAsync(IReadOnlyList<ZkGraphOutput> outputs);

    /// <summary>Outputs of <paramref name="graphId"/> for blocks <paramref name="from"/>..<paramref name="to"/>, by block, orphans first.</summary>
    Task<IReadOnlyList<ZkGraphOutput>> RangeAsync(string graphId, ulong from, ulong to);

    /// <summary>Marks every output of block (<paramref name="number"/>, <paramref name="hash"/>) orphaned; returns how many changed.</summary>
    Task<int> OrphanAsync(ulong number, string hash);

    /// <summary>
    /// Marks `final` every executed output of <paramref name="graphId"/> at or below block <paramref name="through"/>
    /// (orphaned and failed ones keep their status); returns the outputs that changed, by block. Idempotent.
    /// </summary>
    Task<IReadOnlyList<ZkGraphOutput>> FinalizeAsync(string graphId, ulong through);

    /// <summary>Up to <paramref name="limit"/> final, non-empty, successful outputs of <paramref name="graphId"/> without destination results yet, by block.</summary>
    Task<IReadOnlyList<ZkGraphOutput>> UndeliveredAsync(string graphId, int limit);
}
