namespace Wsc.Client.Loadtest;

/// <summary>The scenario names `wsc loadtest` knows, and which of them the cluster can serve today.</summary>
public static class ScenarioCatalog
{
    /// <summary>Scenarios that run, and what each needs: the Orleans gateway, the HTTP endpoint, or both.</summary>
    public static readonly IReadOnlyDictionary<string, (bool Orleans, bool Http)> Available = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal)
    {
        ["ticks"] = (true, false),
        ["storage-put"] = (true, false),
        ["storage-get"] = (true, false),
        ["gateway-get"] = (true, true),
        ["zkgraph-outputs"] = (true, false),
    };

    /// <summary>Scenarios the issue names whose cluster features are not there yet, with the reason printed.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotYetAvailable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["prove"] = "the cluster has no client API for submitting proof jobs yet",
    };

    /// <summary>A one-line refusal for a scenario that cannot run, or null when <paramref name="name"/> can.</summary>
    public static string? Problem(string name) =>
        Available.ContainsKey(name) ? null
        : NotYetAvailable.TryGetValue(name, out var why) ? $"scenario '{name}' is not available yet: {why}"
        : $"unknown scenario '{name}': expected one of {string.Join(", ", Available.Keys.Concat(NotYetAvailable.Keys))}";
}
