using Wsc.Chain.Types;

namespace Wsc.Chain.Abi;

/// <summary>
/// An event declaration such as "Transfer(address indexed from, address indexed to, uint256 value)": its topic0 and a
/// decoder that turns a matching log into named values (indexed dynamic values come back as their Hash32 topic).
/// </summary>
public sealed class AbiEvent
{
    private readonly List<(string Name, AbiType Type, bool Indexed)> _params = [];

    /// <summary>Parses a declaration; parameters are "type [indexed] [name]".</summary>
    public AbiEvent(string declaration)
    {
        var open = declaration.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !declaration.TrimEnd().EndsWith(')'))
        {
            throw new FormatException($"event '{declaration}' is not of the form Name(type [indexed] name, ...)");
        }
        Name = declaration[..open].Trim();
        var inner = declaration.TrimEnd()[(open + 1)..^1];
        var i = 0;
        foreach (var part in inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var indexed = words.Contains("indexed");
            var rest = words.Skip(1).Where(w => w != "indexed").ToList();
            _params.Add((rest.Count > 0 ? rest[^1] : $"arg{i}", AbiType.Parse(words[0]), indexed));
            i++;
        }
        if (_params.Count(p => p.Indexed) > 3)
        {
            throw new FormatException($"event '{Name}' has more than 3 indexed parameters");
        }
        Signature = $"{Name}({string.Join(',', _params.Select(p => p.Type.Name))})";
        Topic = AbiCodec.EventTopic(Signature);
    }

    public string Name { get; }

    /// <summary>Canonical signature, e.g. "Transfer(address,address,uint256)".</summary>
    public string Signature { get; }

    /// <summary>topic0: keccak256 of the canonical signature.</summary>
    public Hash32 Topic { get; }

    /// <summary>True if the log's topic0 is this event and its topic count fits.</summary>
    public bool Matches(Log log) =>
        log.Topics.Count == 1 + _params.Count(p => p.Indexed) && log.Topics[0] == Topic;

    /// <summary>Decodes a matching log into parameter name → value.</summary>
    public IReadOnlyDictionary<string, object> Decode(Log log)
    {
        if (!Matches(log))
        {
            throw new FormatException($"log does not match event {Signature}: topic0 or topic count differs");
        }
        var data = AbiCodec.Decode(_params.Where(p => !p.Indexed).Select(p => p.Type).ToList(), log.Data);
        var result = new Dictionary<string, object>();
        int topic = 1, d = 0;
        foreach (var p in _params)
        {
            result[p.Name] = p.Indexed
                ? p.Type.IsDynamic ? log.Topics[topic++] : AbiCodec.DecodeWord(p.Type, log.Topics[topic++].Span)
                : data[d++];
        }
        return result;
    }
}
