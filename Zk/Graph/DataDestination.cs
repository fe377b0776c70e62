namespace Wsc.Zk.Graph;

/// <summary>Where outputs go: kind "ethereum" (a contract called with the output as calldata) or "storage" (a web3:// URL template).</summary>
public sealed record DataDestination(string Kind, byte[]? Address, string? Url);
