namespace Wsc.Client.Db;

/// <summary>What one migrate run did: files applied now, and files skipped because they were applied before.</summary>
public sealed record MigrationResult(IReadOnlyList<string> Applied, IReadOnlyList<string> Skipped);
