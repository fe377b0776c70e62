using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wsc.Client.Cli;

/// <summary>Prints results: one JSON document on stdout with --json, a readable form otherwise.</summary>
public static class Output
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>Writes <paramref name="value"/> as JSON (when <paramref name="json"/>) or via <paramref name="human"/>.</summary>
    public static void Write<T>(T value, bool json, Action<T>? human = null)
    {
        if (json || human is null)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
        }
        else
        {
            human(value);
        }
    }
}
