namespace Wsc.Client.Loadtest;

/// <summary>The read-back of a write scenario's acknowledged writes: how many came back intact, how many were lost.</summary>
public sealed record WriteCheck(long Verified, long Lost, string? FirstLost);
