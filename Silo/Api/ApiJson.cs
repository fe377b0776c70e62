using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wsc.Silo.Api;

/// <summary>JSON conventions of the HTTP API: camelCase, enums as lowercase strings.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
