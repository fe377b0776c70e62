using System.Buffers;
using System.Numerics;
using System.Text.Json;

namespace Wsc.Chain.Rpc;

/// <summary>JSON-RPC 2.0 request writing and response reading shared by the HTTP and WebSocket clients.</summary>
internal static class RpcJson
{
    public static byte[] Request(long id, string method, object?[] args)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteRequest(w, id, method, args);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A batch of requests with ids <paramref name="firstId"/>, firstId+1, ... in call order.</summary>
    public static byte[] BatchRequest(long firstId, IReadOnlyList<(string Method, object?[] Args)> calls)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (calls.Count * 96));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            for (var i = 0; i < calls.Count; i++)
            {
                WriteRequest(w, firstId + i, calls[i].Method, calls[i].Args);
            }
            w.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRequest(Utf8JsonWriter w, long id, string method, object?[] args)
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteNumber("id", id);
        w.WriteString("method", method);
        w.WritePropertyName("params");
        w.WriteStartArray();
        foreach (var a in args)
        {
            WriteValue(w, a);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Ethereum-typed values become hex strings; integers become quantities; the rest goes through System.Text.Json.</summary>
    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case Hash32 h:
                w.WriteStringValue(h.ToString());
                break;
            case Address a:
                w.WriteStringValue(a.ToString());
                break;
            case byte[] bytes:
                w.WriteStringValue(Hex.Encode(bytes));
                break;
            case BigInteger bi:
                w.WriteStringValue(Hex.Quantity(bi));
                break;
            case ulong or uint or ushort or byte:
                w.WriteStringValue(Hex.Quantity(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case long or int or short:
            {
                var l = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                if (l < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "JSON-RPC quantities are non-negative");
                }
                w.WriteStringValue(Hex.Quantity((ulong)l));
                break;
            }
            case JsonElement e:
                e.WriteTo(w);
                break;
            case System.Collections.IDictionary dict:
                w.WriteStartObject();
                foreach (System.Collections.DictionaryEntry kv in dict)
                {
                    w.WritePropertyName(kv.Key.ToString()!);
                    WriteValue(w, kv.Value);
                }
                w.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(w, item);
                }
                w.WriteEndArray();
                break;
            default:
                JsonSerializer.Serialize(w, value, value.GetType(), EthJson.Options);
                break;
        }
    }

    /// <summary>Extracts the result of a response, or throws <see cref="RpcException"/> for an error object.</summary>
    public static JsonElement Result(string method, JsonElement response, long? expectedId)
    {
        if (response.ValueKind != JsonValueKind.Object)
        {
            throw new RpcDataException($"{method}: response is {response.ValueKind}, expected a JSON-RPC object");
        }
        if (expectedId is { } id && (!response.TryGetProperty("id", out var rid) || rid.ValueKind != JsonValueKind.Number || rid.GetInt64() != id))
        {
            throw new RpcDataException($"{method}: response id does not match request id {id}");
        }
        if (response.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : 0;
            var msg = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
            throw new RpcException(method, code, msg);
        }
        if (!response.TryGetProperty("result", out var result))
        {
            throw new RpcDataException($"{method}: response has neither 'result' nor 'error'");
        }
        return result.Clone();
    }
}
