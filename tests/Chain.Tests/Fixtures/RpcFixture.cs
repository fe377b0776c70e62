using System.Text.Json;
using Wsc.TestKit;

namespace Wsc.Chain.Tests.Fixtures;

/// <summary>One execution-apis `.io` exchange: the request line and the node's response.</summary>
public sealed record RpcFixture(string Name, JsonElement Request, JsonElement Response)
{
    public string Method => Request.GetProperty("method").GetString()!;

    public JsonElement Result => Response.GetProperty("result");

    public bool HasResult => Response.TryGetProperty("result", out var r) && r.ValueKind != JsonValueKind.Null;

    public static string Dir(params string[] parts) => Paths.Data(["execution-apis", "tests", .. parts]);

    public static RpcFixture Load(string method, string file) => Parse(Path.Combine(Dir(method), file));

    public static IEnumerable<RpcFixture> All(string method) =>
        Directory.GetFiles(Dir(method), "*.io").Order(StringComparer.Ordinal).Select(Parse);

    public static RpcFixture Parse(string path)
    {
        JsonElement? req = null, resp = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(">>", StringComparison.Ordinal))
            {
                req = JsonDocument.Parse(line[2..]).RootElement.Clone();
            }
            else if (line.StartsWith("<<", StringComparison.Ordinal))
            {
                resp = JsonDocument.Parse(line[2..]).RootElement.Clone();
            }
        }
        return new RpcFixture(Path.GetFileName(path), req ?? throw new InvalidDataException(path + ": no request"),
            resp ?? throw new InvalidDataException(path + ": no response"));
    }

    /// <summary>Every block in chain.rlp (the fixture chain, genesis excluded).</summary>
    public static IReadOnlyList<Wsc.Chain.Types.Block> ChainBlocks()
    {
        var bytes = File.ReadAllBytes(Dir("chain.rlp"));
        var reader = new Chain.Rlp.RlpReader(bytes);
        var blocks = new List<Wsc.Chain.Types.Block>();
        while (reader.HasMore)
        {
            blocks.Add(Wsc.Chain.Types.Block.Read(ref reader));
        }
        return blocks;
    }
}
