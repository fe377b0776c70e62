using System.Runtime.CompilerServices;
using Wsc.Chain.Rpc;
using Wsc.Chain.Types;

namespace Wsc.Grains.Consensus;

/// <summary>
/// The follower's source on a real node: `EthRpcClient` (HTTP, resilient) for reads, `eth_subscribe newHeads`
/// over WebSocket for pushes. The client refuses headers whose hash does not match their fields and receipts
/// whose root does not match the header; this class adds the height check (a node answering block N with a
/// well-formed block M is lying too).
/// </summary>
public sealed class RpcEthereumSource(EthRpcClient rpc, Uri? ws) : IEthereumSource
{
    public string Describe => rpc.Endpoint.GetLeftPart(UriPartial.Path);

    public Task<ulong> ChainIdAsync(CancellationToken ct) => rpc.ChainIdAsync(ct);

    public Task<ulong> HeadNumberAsync(CancellationToken ct) => rpc.BlockNumberAsync(ct);

    public async Task<VerifiedHeader?> HeaderAsync(ulong number, CancellationToken ct)
    {
        var header = await rpc.GetHeaderAsync(number, ct);
        if (header is not null && header.Number != number)
        {
            throw new RpcDataException($"asked for block {number}, the node answered with block {header.Number}");
        }
        return header is null ? null : View(header);
    }

    public async Task<VerifiedHeader?> HeaderByHashAsync(string hash, CancellationToken ct)
    {
        var header = await rpc.GetHeaderByHashAsync(Wsc.Chain.Hash32.Parse(hash), ct);
        return header is null ? null : View(header);
    }

    public async Task<VerifiedHeader?> TaggedHeaderAsync(string tag, CancellationToken ct)
    {
        var header = await rpc.GetHeaderAsync(tag, ct);
        return header is null ? null : View(header);
    }

    public async Task<IReadOnlyList<byte[]>> ReceiptsAsync(VerifiedHeader header, CancellationToken ct)
    {
        var receipts = await rpc.GetReceiptsAsync(header.Parsed ?? BlockHeader.Decode(header.Rlp), ct);
        var encoded = new byte[receipts.Count][];
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = receipts[i].Encode();
        }
        return encoded;
    }

    public async Task<IReadOnlyList<VerifiedBlock>> BlocksAsync(ulong first, int count, CancellationToken ct)
    {
        // Two JSON-RPC batches (headers, then receipts by hash) read straight into RLP by the Chain client.
        var raw = await rpc.GetRawBlocksAsync(first, count, ct);
        var blocks = new VerifiedBlock[raw.Count];
        for (var i = 0; i < blocks.Length; i++)
        {
            var b = raw[i];
            var header = new VerifiedHeader(b.Number, b.Hash.ToString(), b.ParentHash.ToString(), b.Timestamp, b.HeaderRlp, b.ReceivedUtc);
            blocks[i] = new VerifiedBlock(header, b.Receipts) { Logs = b.LogCount };
        }
        return blocks;
    }

    public async IAsyncEnumerable<ulong> NewHeadsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (ws is null)
        {
            // No push channel: the follower's timer polls.
            await Task.Delay(Timeout.Infinite, ct);
            yield break;
        }
        await using var subscription = await NewHeadsSubscription.ConnectAsync(ws, ct);
        await foreach (var header in subscription.ReadAllAsync(ct))
        {
            yield return header.Number;
        }
    }

    public ValueTask DisposeAsync()
    {
        rpc.Dispose();
        return ValueTask.CompletedTask;
    }

    private static VerifiedHeader View(BlockHeader h) =>
        new(h.Number, h.Hash.ToString(), h.ParentHash.ToString(), h.Timestamp, h.Encode(), DateTime.UtcNow) { Parsed = h };
}
