namespace Wsc.Client.Storage;

/// <summary>Outcome of checking a read file: verified, how many replicas of every blob answered fresh samples, and why not.</summary>
public sealed record FileVerification(bool Verified, int Replicas, string? Problem);
