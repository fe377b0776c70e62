using System.Text.Json;
using System.Text.Json.Serialization;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>The JSON form of a job in the `proof_jobs.job` column (states as names, so the column reads in psql).</summary>
public static class ProofJobJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static string Write(ProofJobView job) => JsonSerializer.Serialize(job, Options);

    public static ProofJobView Read(string json) => JsonSerializer.Deserialize<ProofJobView>(json, Options)
        ?? throw new FormatException("proof job: the stored JSON is null");
}
