namespace Wsc.Client.Loadtest;

/// <summary>A snapshot of a running load test, for the live progress line.</summary>
public sealed record LoadProgress(TimeSpan Elapsed, long Planned, long Sent, long Completed, long Errors, double P99MsSoFar);
