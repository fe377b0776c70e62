using Wsc.Chain;
using Wsc.Chain.Rpc;
using Wsc.Zk.Graph;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// Reads a graph's storage slots as they stood before a block (docs/zkgraph-input.md): `eth_getProof` at the parent
/// block, whose header is fetched by hash and re-hashed, and every account and slot proof checked against the parent's
/// stateRoot (EIP-1186). A node that lies is refused, never believed.
/// </summary>
public sealed class ZkGraphSlotReader(EthRpcClient rpc)
{
    /// <summary>The slot values of <paramref name="sources"/> in the state after block <paramref name="parentHash"/>, in manifest order.</summary>
    public async Task<IReadOnlyList<TickSlot>> ReadAsync(byte[] parentHash, IReadOnlyList<StorageSlotSource> sources, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var parentId = new Hash32(parentHash);
        if (parentId == Hash32.Zero)
        {
            throw new InvalidDataException("block 0 has no parent state to read storage slots from");
        }
        var parent = await rpc.GetHeaderByHashAsync(parentId, ct)
            ?? throw new InvalidDataException($"the node does not serve the parent block {parentId}");
        if (parent.Hash != parentId)
        {
            throw new InvalidDataException($"asked for block {parentId}, the node's header hashes to {parent.Hash}");
        }
        var slots = new List<TickSlot>();
        foreach (var source in sources)
        {
            var address = new Address(source.Address);
            var keys = source.Slots.Select(s => new Hash32(s)).ToList();
            var proof = await rpc.GetVerifiedProofAsync(address, keys, parent, ct);
            foreach (var key in source.Slots)
            {
                var slot = proof.StorageProofs.FirstOrDefault(p => p.KeyWord.AsSpan().SequenceEqual(key))
                    ?? throw new InvalidDataException($"eth_getProof at block {parent.Number} has no proof of slot {Hex.Encode(key)} of {address}");
                var value = new byte[32];
                slot.Value.TryWriteBytes(value.AsSpan(32 - slot.Value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
                slots.Add(new TickSlot(source.Address, key, value));
            }
        }
        return slots;
    }
}
