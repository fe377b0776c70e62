using System.Text.Json;
using Wsc.Chain;
using Wsc.TestKit;

namespace Wsc.Grains.Tests.Consensus;

/// <summary>Reads a JSON-RPC response from the execution-apis `.io` fixtures (the `&lt;&lt;` line).</summary>
internal static class Fixtures
{
    public static JsonElement Result(params string[] path)
    {
        var line = File.ReadLines(Paths.Data(["execution-apis", "tests", .. path])).First(l => l.StartsWith("<<", StringComparison.Ordinal));
        return JsonDocument.Parse(line[2..]).RootElement.GetProperty("result").Clone();
    }

    /// <summary>Block 3 of the fixture chain: raw header and raw receipts as published.</summary>
    public static (byte[] Header, byte[][] Receipts) Block3() =>
        (Hex.Decode(Result("debug_getRawHeader", "get-block-n.io").GetString()!),
         [.. Result("debug_getRawReceipts", "get-block-n.io").EnumerateArray().Select(e => Hex.Decode(e.GetString()!))]);
}
