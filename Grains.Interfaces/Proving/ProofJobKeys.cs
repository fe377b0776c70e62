namespace Wsc.Grains.Interfaces.Proving;

/// <summary>Job ids: the job of a zkGraph output is `{graph id}@{block hash}`, so an output has exactly one receipt.</summary>
public static class ProofJobKeys
{
    public static string ForOutput(string graphId, string blockHash) => $"{graphId}@{blockHash}";
}
