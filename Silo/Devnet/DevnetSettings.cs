using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Wsc.Silo.Devnet;

/// <summary>The `Devnet` and `Ethereum` configuration keys the devnet reads, parsed with one-line errors.</summary>
public sealed record DevnetSettings
{
    /// <summary>`Devnet:Enabled`; null means "default for the environment" (on in Development).</summary>
    public bool? Enabled { get; init; }

    /// <summary>`Devnet:AnvilPath`; null means `&lt;repo&gt;/.tools/bin/anvil`, then PATH.</summary>
    public string? AnvilPath { get; init; }

    /// <summary>`Devnet:Host` (default 127.0.0.1): the address anvil listens on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>`Devnet:Port` (default 8545); 0 picks a random free port.</summary>
    public int Port { get; init; } = 8545;

    /// <summary>`Devnet:BlockTime` in seconds (default 1; fractions allowed).</summary>
    public double BlockTime { get; init; } = 1;

    /// <summary>`Devnet:Traffic`; null means on when the silo started anvil, off against an external RPC.</summary>
    public bool? Traffic { get; init; }

    /// <summary>`Devnet:TrafficEveryBlocks` (default 2): blocks between two traffic rounds.</summary>
    public int TrafficEveryBlocks { get; init; } = 2;

    /// <summary>`Devnet:StatePath`: anvil's `--state` file (the development data directory sets it); null: memory only.</summary>
    public string? StatePath { get; init; }

    /// <summary>`Ethereum:Rpc`; when set the silo never starts anvil.</summary>
    public Uri? Rpc { get; init; }

    /// <summary>`Ethereum:Ws` (optional).</summary>
    public Uri? Ws { get; init; }

    /// <summary>`Ethereum:ChainId` (default 31337).</summary>
    public ulong ChainId { get; init; } = 31337;

    /// <summary>Reads the settings; a malformed value throws naming the key, the value and what was expected.</summary>
    public static DevnetSettings From(IConfiguration configuration)
    {
        var devnet = configuration.GetSection("Devnet");
        var eth = configuration.GetSection("Ethereum");
        var blockTime = Parse(devnet, "BlockTime", 1.0, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), "a number of seconds > 0");
        if (!(blockTime > 0))
        {
            throw new InvalidOperationException($"Devnet:BlockTime '{devnet["BlockTime"]}' is invalid: expected a number of seconds > 0");
        }
        var port = Parse(devnet, "Port", 8545, s => int.Parse(s, CultureInfo.InvariantCulture), "a TCP port 0-65535 (0 = random)");
        if (port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Devnet:Port '{port}' is invalid: expected a TCP port 0-65535 (0 = random)");
        }
        var every = Parse(devnet, "TrafficEveryBlocks", 2, s => int.Parse(s, CultureInfo.InvariantCulture), "a block count >= 1");
        if (every < 1)
        {
            throw new InvalidOperationException($"Devnet:TrafficEveryBlocks '{every}' is invalid: expected a block count >= 1");
        }
        return new DevnetSettings
        {
            Enabled = ParseBool(devnet, "Enabled"),
            AnvilPath = string.IsNullOrWhiteSpace(devnet["AnvilPath"]) ? null : devnet["AnvilPath"],
            Host = string.IsNullOrWhiteSpace(devnet["Host"]) ? "127.0.0.1" : devnet["Host"]!,
            Port = port,
            BlockTime = blockTime,
            Traffic = ParseBool(devnet, "Traffic"),
            TrafficEveryBlocks = every,
            StatePath = string.IsNullOrWhiteSpace(devnet["StatePath"]) ? null : devnet["StatePath"],
            Rpc = ParseUri(eth, "Rpc", "http", "https"),
            Ws = ParseUri(eth, "Ws", "ws", "wss"),
            ChainId = Parse(eth, "ChainId", 31337UL, s => ulong.Parse(s, CultureInfo.InvariantCulture), "a positive integer chain id"),
        };
    }

    private static T Parse<T>(IConfigurationSection section, string key, T fallback, Func<string, T> parse, string expected)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }
        try
        {
            return parse(raw.Trim());
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new InvalidOperationException($"{section.Path}:{key} '{raw}' is invalid: expected {expected}");
        }
    }

    private static bool? ParseBool(IConfigurationSection section, string key)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        return bool.TryParse(raw.Trim(), out var b)
            ? b
            : throw new InvalidOperationException($"{section.Path}:{key} '{raw}' is invalid: expected true or false");
    }

    private static Uri? ParseUri(IConfigurationSection section, string key, params string[] schemes)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
        {
            throw new InvalidOperationException($"{section.Path}:{key} '{raw}' is invalid: expected an absolute {string.Join('/', schemes)} URL");
        }
        return uri;
    }
}
