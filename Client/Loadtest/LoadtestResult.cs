using System.Text.Json.Serialization;

namespace Wsc.Client.Loadtest;

/// <summary>
/// What `wsc loadtest --json` prints. Latencies are of successful requests, in milliseconds, measured from each
/// request's scheduled send time (so time spent waiting behind a slow cluster counts); throughput is successful
/// requests per second over the run (first scheduled send to last answer). With `--verify-writes` (storage-put),
/// every acknowledged write is read back after the run: <see cref="VerifiedWrites"/> came back with their bytes,
/// <see cref="LostWrites"/> did not; both are absent otherwise.
/// </summary>
public sealed record LoadtestResult(
    string Scenario,
    long Requests,
    long Errors,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    double Throughput)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? VerifiedWrites { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LostWrites { get; init; }
}
