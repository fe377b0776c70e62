namespace Wsc.Zk.Graph;

/// <summary>A zkGraph that failed to compile or link, or a missing toolchain/SDK; the message is one line.</summary>
public sealed class GuestBuildException(string message) : Exception(message);
