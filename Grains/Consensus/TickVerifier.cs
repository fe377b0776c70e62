using Wsc.Chain;
using Wsc.Chain.Trie;
using Wsc.Chain.Types;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>Checks a tick's input against itself: hash of the header RLP, height, and the receipts root.</summary>
public static class TickVerifier
{
    /// <summary>What the checked input says about its block.</summary>
    public sealed record Result(string ParentHash, ulong Timestamp, int Logs, int Transactions);

    /// <summary>Verifies <paramref name="input"/> for height <paramref name="number"/>; throws with the mismatch.</summary>
    public static Result Verify(ulong number, TickInput input)
    {
        var header = BlockHeader.Decode(input.HeaderRlp);
        if (header.Hash.ToString() != input.Hash)
        {
            throw new InvalidDataException($"tick {number}: header RLP hashes to {header.Hash}, not {input.Hash}");
        }
        if (header.Number != number || input.Number != number)
        {
            throw new InvalidDataException($"tick {number}: header is for block {header.Number}");
        }
        var root = OrderedTrie.Root(input.Receipts);
        if (root != header.ReceiptsRoot)
        {
            throw new InvalidDataException($"tick {number}: receipts hash to root {root}, header says {header.ReceiptsRoot}");
        }
        var logs = 0;
        foreach (var encoded in input.Receipts)
        {
            logs += Receipt.Decode(encoded).Logs.Count;
        }
        return new Result(header.ParentHash.ToString(), header.Timestamp, logs, input.Receipts.Count);
    }
}
