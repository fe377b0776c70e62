namespace Wsc.Chain.Rpc;

/// <summary>An eth_getLogs filter: a block range (or one block hash), contract addresses and per-position topic sets.</summary>
public sealed record LogFilter
{
    /// <summary>First block (inclusive); null means the node's default ("latest").</summary>
    public ulong? FromBlock { get; init; }

    /// <summary>Last block (inclusive).</summary>
    public ulong? ToBlock { get; init; }

    /// <summary>A single block by hash (excludes the range).</summary>
    public Hash32? BlockHash { get; init; }

    /// <summary>Emitting contracts; empty means any.</summary>
    public IReadOnlyList<Address> Addresses { get; init; } = [];

    /// <summary>Topic positions: null = any, otherwise one of the listed values.</summary>
    public IReadOnlyList<IReadOnlyList<Hash32>?> Topics { get; init; } = [];

    internal Dictionary<string, object?> ToRpc()
    {
        var d = new Dictionary<string, object?>();
        if (BlockHash is { } h)
        {
            if (FromBlock.HasValue || ToBlock.HasValue)
            {
                throw new ArgumentException("a log filter takes either a block hash or a block range, not both");
            }
            d["blockHash"] = h;
        }
        if (FromBlock is { } f)
        {
            d["fromBlock"] = f;
        }
        if (ToBlock is { } t)
        {
            d["toBlock"] = t;
        }
        if (Addresses.Count > 0)
        {
            d["address"] = Addresses.Select(a => (object)a).ToList();
        }
        if (Topics.Count > 0)
        {
            d["topics"] = Topics.Select(set => set is null ? null : (object)set.Select(x => (object)x).ToList()).ToList();
        }
        return d;
    }
}
