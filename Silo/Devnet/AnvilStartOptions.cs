namespace Wsc.Silo.Devnet;

/// <summary>How to start one anvil process.</summary>
/// <param name="Path">The anvil binary.</param>
/// <param name="Host">Listen address.</param>
/// <param name="Port">TCP port; 0 picks a random free one.</param>
/// <param name="BlockTime">Seconds between blocks (interval mining); null mines on each transaction.</param>
/// <param name="ChainId">Chain id anvil reports.</param>
/// <param name="OwnerPid">The process whose death kills anvil (the watchdog); null means this process.</param>
/// <param name="StatePath">anvil's `--state` file: the chain is loaded from it and dumped to it every few seconds and
/// on a graceful stop; null keeps the chain in memory only.</param>
public sealed record AnvilStartOptions(string Path, string Host = "127.0.0.1", int Port = 0, double? BlockTime = 1,
    ulong ChainId = 31337, int? OwnerPid = null, string? StatePath = null);
