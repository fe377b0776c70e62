namespace Wsc.Client.Loadtest;

/// <summary>The scenario names `wsc loadtest` knows.</summary>
public static class ScenarioCatalog
{
    /// <summary>Scenarios, and what each needs: the Orleans gateway, the HTTP endpoint, or both.</summary>
    public static readonly IReadOnlyDictionary<string, (bool Orleans, bool Http)> Available = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal)
    {
        ["ticks"] = (true, false),
        ["storage-put"] = (true, false),
        ["storage-get"] = (true, false),
        ["gateway-get"] = (true, true),
        ["zkgraph-outputs"] = (true, false),
        ["prove"] = (true, false),
    };

    /// <summary>A one-line refusal for a scenario that does not exist, or null when <paramref name="name"/> does.</summary>
    public static string? Problem(string name) =>
        Available.ContainsKey(name) ? null : $"unknown scenario '{name}': expected one of {string.Join(", ", Available.Keys)}";
}
