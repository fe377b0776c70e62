using Wsc.Zk.Field;

namespace Wsc.Zk.Fri;

/// <summary>FRI part of a proof: one Merkle root per folding layer, the remainder polynomial's coefficients, and the query openings.</summary>
public sealed record FriProof(byte[][] LayerRoots, Ext3[] Remainder, FriLayerOpening[] Openings);
