namespace Wsc.Grains.Consensus;

/// <summary>
/// What the follower reads from a node. Every result is verified before it is returned: a header's hash is
/// recomputed, receipts are checked against receiptsRoot; content that fails is refused with an exception,
/// never returned (and never retried into acceptance).
/// </summary>
public interface IEthereumSource : IAsyncDisposable
{
    /// <summary>A display form of the endpoint (no credentials).</summary>
    string Describe { get; }

    /// <summary>`eth_chainId`.</summary>
    Task<ulong> ChainIdAsync(CancellationToken ct);

    /// <summary>`eth_blockNumber`.</summary>
    Task<ulong> HeadNumberAsync(CancellationToken ct);

    /// <summary>The canonical header at <paramref name="number"/>, verified; null when the node has none.</summary>
    Task<VerifiedHeader?> HeaderAsync(ulong number, CancellationToken ct);

    /// <summary>The header whose hash is exactly <paramref name="hash"/>, verified; null when the node has none.</summary>
    Task<VerifiedHeader?> HeaderByHashAsync(string hash, CancellationToken ct);

    /// <summary>The header tagged `safe` or `finalized`, verified; null when the node has no such block.</summary>
    Task<VerifiedHeader?> TaggedHeaderAsync(string tag, CancellationToken ct);

    /// <summary>The block's receipts (consensus encoding), whose trie root equals the header's receiptsRoot.</summary>
    Task<IReadOnlyList<byte[]>> ReceiptsAsync(VerifiedHeader header, CancellationToken ct);

    /// <summary>
    /// Blocks <paramref name="first"/>.. with their receipts, up to <paramref name="count"/>, each verified as by
    /// <see cref="HeaderAsync"/> and <see cref="ReceiptsAsync"/>; stops at the first block the node lacks. Sources
    /// with a bulk path (JSON-RPC batches) override this one-at-a-time default.
    /// </summary>
    async Task<IReadOnlyList<VerifiedBlock>> BlocksAsync(ulong first, int count, CancellationToken ct)
    {
        var blocks = new List<VerifiedBlock>(count);
        for (var i = 0; i < count; i++)
        {
            var header = await HeaderAsync(first + (ulong)i, ct);
            if (header is null)
            {
                break;
            }
            blocks.Add(new VerifiedBlock(header, await ReceiptsAsync(header, ct)));
        }
        return blocks;
    }

    /// <summary>New head numbers pushed by the node (WebSocket), ending when the push channel closes.</summary>
    IAsyncEnumerable<ulong> NewHeadsAsync(CancellationToken ct);
}
