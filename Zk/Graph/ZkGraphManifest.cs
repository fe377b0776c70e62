using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Digests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wsc.Zk.Graph;

/// <summary>A parsed and validated zkgraph.yaml (ARCHITECTURE section 5).</summary>
public sealed partial record ZkGraphManifest
{
    public int SpecVersion { get; init; } = 1;
    public string Name { get; init; } = "";

    /// <summary>Path of the ELF relative to the manifest's directory.</summary>
    public string Program { get; init; } = "";
    public IReadOnlyList<EventFilter> Events { get; init; } = [];
    public IReadOnlyList<StorageSlotSource> StorageSlots { get; init; } = [];

    /// <summary>web3:// URLs of blobs, in the order the guest sees them.</summary>
    public IReadOnlyList<string> BlobUrls { get; init; } = [];
    public ZkGraphTrigger Trigger { get; init; } = new(true, 0);
    public ZkGraphFinality Finality { get; init; } = ZkGraphFinality.Latest;
    public IReadOnlyList<DataDestination> Destinations { get; init; } = [];

    /// <summary>`proving: always | never | onDestination` (default always).</summary>
    public ZkGraphProving Proving { get; init; } = ZkGraphProving.Always;

    /// <summary>Whether this graph's successful outputs are proven (by <see cref="Proving"/> and its destinations).</summary>
    public bool Proves => Proving == ZkGraphProving.Always || (Proving == ZkGraphProving.OnDestination && Destinations.Count > 0);

    /// <summary>`receiptProofs: none | matched` (default none): Merkle-Patricia proofs of the matched logs' receipts in the input.</summary>
    public ZkGraphReceiptProofs ReceiptProofs { get; init; } = ZkGraphReceiptProofs.None;

    /// <summary>Optional first block: a graph deployed after it has run the blocks from here to its deploy backfilled.</summary>
    public ulong? StartBlock { get; init; }
    public BuildSettings Build { get; init; } = BuildSettings.Default;

    /// <summary>Reads and validates a manifest file.</summary>
    public static ZkGraphManifest Load(string path)
    {
        if (!File.Exists(path)) throw new ManifestException($"{path}: file not found");
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (ManifestException e)
        {
            throw new ManifestException($"{Path.GetFileName(path)}: {e.Message}");
        }
    }

    /// <summary>Parses and validates manifest text; errors name the field path.</summary>
    public static ZkGraphManifest Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ManifestException($"invalid YAML at line {e.Start.Line}: {e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ManifestException("expected one YAML mapping document");
        var m = new Map(root, "");
        m.Allow("specVersion", "name", "program", "dataSources", "trigger", "finality", "dataDestinations", "build", "proving", "startBlock", "receiptProofs");
        var spec = m.Int("specVersion", required: true);
        if (spec != 1) throw new ManifestException($"specVersion: {spec} is not supported, expected 1");
        var name = m.Str("name", required: true)!;
        if (!NameRegex().IsMatch(name)) throw new ManifestException($"name: '{name}' must be 1-64 of a-z, 0-9 and '-', starting with a letter or digit");
        var program = m.Str("program", required: true)!;
        if (Path.IsPathRooted(program) || program.Split('/', '\\').Contains(".."))
            throw new ManifestException($"program: '{program}' must be a path inside the graph directory");

        var events = new List<EventFilter>();
        var slots = new List<StorageSlotSource>();
        var blobs = new List<string>();
        var sources = m.Seq("dataSources", required: true)!;
        if (sources.Count == 0) throw new ManifestException("dataSources: expected at least one data source");
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            var kind = s.Str("kind", required: true);
            if (kind == "ethereum")
            {
                s.Allow("kind", "events", "storage");
                var ev = s.Seq("events") ?? [];
                var st = s.Seq("storage") ?? [];
                if (ev.Count + st.Count == 0) throw new ManifestException($"{s.Path}: an ethereum source needs events or storage");
                foreach (var e in ev)
                {
                    e.Allow("address", "signatures");
                    var sigs = e.StrSeq("signatures", required: true)!;
                    if (sigs.Count == 0) throw new ManifestException($"{e.Path}.signatures: expected at least one event signature");
                    for (var k = 0; k < sigs.Count; k++)
                        if (!SignatureRegex().IsMatch(sigs[k]))
                            throw new ManifestException($"{e.Path}.signatures[{k}]: '{sigs[k]}' is not a canonical event signature like Transfer(address,address,uint256)");
                    events.Add(new EventFilter(e.Address("address"), sigs, sigs.Select(Topic).ToList()));
                }
                foreach (var e in st)
                {
                    e.Allow("address", "slots");
                    var keys = e.StrSeq("slots", required: true)!;
                    if (keys.Count == 0) throw new ManifestException($"{e.Path}.slots: expected at least one slot");
                    slots.Add(new StorageSlotSource(e.Address("address"), keys.Select((k, j) => Slot(k, $"{e.Path}.slots[{j}]")).ToList()));
                }
            }
            else if (kind == "storage")
            {
                s.Allow("kind", "urls");
                var urls = s.StrSeq("urls", required: true)!;
                if (urls.Count == 0) throw new ManifestException($"{s.Path}.urls: expected at least one web3:// URL");
                for (var k = 0; k < urls.Count; k++)
                    if (!urls[k].StartsWith("web3://", StringComparison.Ordinal))
                        throw new ManifestException($"{s.Path}.urls[{k}]: '{urls[k]}' must start with web3://");
                blobs.AddRange(urls);
            }
            else
            {
                throw new ManifestException($"{s.Path}.kind: '{kind}' is not a data source kind, expected ethereum or storage");
            }
        }

        var trigger = new ZkGraphTrigger(true, 0);
        if (m.Sub("trigger") is { } t)
        {
            t.Allow("onEvents", "everyNBlocks");
            var every = t.Int("everyNBlocks");
            var on = t.Bool("onEvents");
            if (every is not null && on == true) throw new ManifestException("trigger: use either onEvents or everyNBlocks, not both");
            if (every is null && on is null) throw new ManifestException("trigger: expected { onEvents: true } or { everyNBlocks: N }");
            if (every is <= 0) throw new ManifestException($"trigger.everyNBlocks: {every} must be at least 1");
            if (on == false && every is null) throw new ManifestException("trigger.onEvents: false needs everyNBlocks, or the graph never runs");
            trigger = new ZkGraphTrigger(on ?? false, every ?? 0);
        }
        if (trigger.OnEvents && events.Count == 0)
            throw new ManifestException("trigger: onEvents needs at least one events filter in dataSources");

        var finality = ZkGraphFinality.Latest;
        if (root.Children.TryGetValue(new YamlScalarNode("finality"), out var f))
        {
            if (f is YamlScalarNode { Value: "latest" or "safe" or "finalized" } fs) finality = new ZkGraphFinality(fs.Value!, 0);
            else if (f is YamlMappingNode fm)
            {
                var fmap = new Map(fm, "finality");
                fmap.Allow("confirmations");
                var c = fmap.Int("confirmations", required: true)!.Value;
                if (c is < 0 or > 10_000) throw new ManifestException($"finality.confirmations: {c} must be in [0, 10000]");
                finality = new ZkGraphFinality("confirmations", c);
            }
            else throw new ManifestException("finality: expected latest, safe, finalized or { confirmations: N }");
        }

        var destinations = new List<DataDestination>();
        foreach (var d in m.Seq("dataDestinations") ?? [])
        {
            var kind = d.Str("kind", required: true);
            if (kind == "ethereum") { d.Allow("kind", "address"); destinations.Add(new DataDestination(kind, d.Address("address"), null)); }
            else if (kind == "storage")
            {
                d.Allow("kind", "url");
                var url = d.Str("url", required: true)!;
                if (!url.StartsWith("web3://", StringComparison.Ordinal)) throw new ManifestException($"{d.Path}.url: '{url}' must start with web3://");
                destinations.Add(new DataDestination(kind, null, url));
            }
            else throw new ManifestException($"{d.Path}.kind: '{kind}' is not a destination kind, expected ethereum or storage");
        }

        var proving = m.Str("proving") switch
        {
            null or "always" => ZkGraphProving.Always,
            "never" => ZkGraphProving.Never,
            "onDestination" => ZkGraphProving.OnDestination,
            var other => throw new ManifestException($"proving: '{other}' must be always, never or onDestination"),
        };

        var receiptProofs = m.Str("receiptProofs") switch
        {
            null or "none" => ZkGraphReceiptProofs.None,
            "matched" => ZkGraphReceiptProofs.Matched,
            var other => throw new ManifestException($"receiptProofs: '{other}' must be none or matched"),
        };
        if (receiptProofs == ZkGraphReceiptProofs.Matched && events.Count == 0)
            throw new ManifestException("receiptProofs: matched needs at least one events filter in dataSources (it proves the receipts of matched logs)");

        var build = BuildSettings.Default;
        if (m.Sub("build") is { } b)
        {
            b.Allow("sources", "opt");
            var srcs = b.StrSeq("sources") ?? [];
            foreach (var src in srcs)
                if (Path.IsPathRooted(src) || src.Split('/', '\\').Contains("..") || !src.EndsWith(".c", StringComparison.Ordinal))
                    throw new ManifestException($"build.sources: '{src}' must be a .c file inside the graph directory");
            var opt = b.Str("opt") ?? "2";
            if (opt is not ("0" or "1" or "2" or "3" or "s" or "z")) throw new ManifestException($"build.opt: '{opt}' must be one of 0, 1, 2, 3, s, z");
            build = new BuildSettings(srcs, opt);
        }

        return new ZkGraphManifest
        {
            SpecVersion = spec!.Value, Name = name, Program = program, Events = events, StorageSlots = slots, BlobUrls = blobs,
            Trigger = trigger, Finality = finality, Destinations = destinations, Build = build, Proving = proving, ReceiptProofs = receiptProofs, StartBlock = m.ULong("startBlock"),
        };
    }

    /// <summary>keccak256 of an event signature: its topic0.</summary>
    public static byte[] Topic(string signature)
    {
        var k = new KeccakDigest(256);
        var bytes = Encoding.ASCII.GetBytes(signature);
        k.BlockUpdate(bytes, 0, bytes.Length);
        var h = new byte[32];
        k.DoFinal(h, 0);
        return h;
    }

    private static byte[] Slot(string text, string path)
    {
        if (!text.StartsWith("0x", StringComparison.Ordinal) || text.Length is < 3 or > 66 || !text[2..].All(char.IsAsciiHexDigit))
            throw new ManifestException($"{path}: '{text}' must be 0x followed by 1-64 hex digits");
        var hex = text[2..].PadLeft(64, '0');
        return Convert.FromHexString(hex);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\(([a-z0-9\[\]]+(,[a-z0-9\[\]()]+)*|[a-z0-9\[\](),]*)\)$")]
    private static partial Regex SignatureRegex();

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressRegex();

    /// <summary>A YAML mapping with its path for error messages.</summary>
    private sealed class Map(YamlMappingNode node, string path)
    {
        public string Path { get; } = path;

        private string P(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

        public void Allow(params string[] keys)
        {
            foreach (var k in node.Children.Keys)
            {
                var name = (k as YamlScalarNode)?.Value ?? "?";
                if (!keys.Contains(name)) throw new ManifestException($"{P(name)}: unknown field (expected one of {string.Join(", ", keys)})");
            }
        }

        private YamlNode? Get(string key, bool required)
        {
            if (node.Children.TryGetValue(new YamlScalarNode(key), out var v)) return v;
            if (required) throw new ManifestException($"{P(key)}: required field is missing");
            return null;
        }

        public string? Str(string key, bool required = false) => Get(key, required) switch
        {
            null => null,
            YamlScalarNode { Value: { } s } when s.Length > 0 => s,
            _ => throw new ManifestException($"{P(key)}: expected a non-empty string"),
        };

        public int? Int(string key, bool required = false)
        {
            var s = Str(key, required);
            if (s is null) return null;
            return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new ManifestException($"{P(key)}: '{s}' is not a non-negative integer");
        }

        public ulong? ULong(string key)
        {
            var s = Str(key);
            if (s is null) return null;
            return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new ManifestException($"{P(key)}: '{s}' is not a block number");
        }

        public bool? Bool(string key) => Str(key) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var s => throw new ManifestException($"{P(key)}: '{s}' is not true or false"),
        };

        public byte[] Address(string key)
        {
            var s = Str(key, required: true)!;
            if (!AddressRegex().IsMatch(s)) throw new ManifestException($"{P(key)}: '{s}' must be 0x followed by 40 hex digits");
            return Convert.FromHexString(s[2..]);
        }

        public Map? Sub(string key) => Get(key, false) switch
        {
            null => null,
            YamlMappingNode mm => new Map(mm, P(key)),
            _ => throw new ManifestException($"{P(key)}: expected a mapping"),
        };

        public List<Map>? Seq(string key, bool required = false) => Get(key, required) switch
        {
            null => null,
            YamlSequenceNode seq => seq.Children.Select((c, i) => c is YamlMappingNode mm
                ? new Map(mm, $"{P(key)}[{i}]")
                : throw new ManifestException($"{P(key)}[{i}]: expected a mapping")).ToList(),
            _ => throw new ManifestException($"{P(key)}: expected a list"),
        };

        public List<string>? StrSeq(string key, bool required = false) => Get(key, required) switch
        {
            null => null,
            YamlSequenceNode seq => seq.Children.Select((c, i) => c is YamlScalarNode { Value: { Length: > 0 } s }
                ? s
                : throw new ManifestException($"{P(key)}[{i}]: expected a non-empty string")).ToList(),
            _ => throw new ManifestException($"{P(key)}: expected a list"),
        };
    }
}
