using System.Globalization;

namespace Wsc.Grains.Consensus;

/// <summary>Grain keys of the consensus layer.</summary>
public static class ChainKeys
{
    /// <summary>`eth-{chainId}`.</summary>
    public static string Ethereum(ulong chainId) => "eth-" + chainId.ToString(CultureInfo.InvariantCulture);

    /// <summary>`{chain}/{number}`: the tick grain of one height.</summary>
    public static string Tick(string chain, ulong number) => chain + "/" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>`{chain}/ticks/{page}`: the ledger page holding the tick records of <paramref name="number"/>.</summary>
    public static string Ledger(string chain, ulong number) =>
        chain + "/ticks/" + (number / Interfaces.Consensus.ITickLedgerGrain.PageSize).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses `{chain}/ticks/{page}`.</summary>
    public static (string Chain, ulong Page) ParsePage(string ledgerKey)
    {
        var at = ledgerKey.LastIndexOf("/ticks/", StringComparison.Ordinal);
        return at > 0 && ulong.TryParse(ledgerKey.AsSpan(at + 7), NumberStyles.None, CultureInfo.InvariantCulture, out var page)
            ? (ledgerKey[..at], page)
            : throw new ArgumentException($"ledger key '{ledgerKey}' is not of the form <chain>/ticks/<page>");
    }

    /// <summary>Parses `eth-{chainId}`; throws with the bad key otherwise.</summary>
    public static ulong ParseChainId(string chainKey) =>
        chainKey.StartsWith("eth-", StringComparison.Ordinal)
        && ulong.TryParse(chainKey.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException($"chain key '{chainKey}' is not of the form eth-<chainId>");

    /// <summary>Parses `{chain}/{number}`.</summary>
    public static (string Chain, ulong Number) ParseTick(string tickKey)
    {
        var slash = tickKey.LastIndexOf('/');
        return slash > 0 && ulong.TryParse(tickKey.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? (tickKey[..slash], n)
            : throw new ArgumentException($"tick key '{tickKey}' is not of the form <chain>/<number>");
    }
}
