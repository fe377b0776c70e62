using Wsc.Zk.Field;

namespace Wsc.Zk.Fri;

/// <summary>
/// The opened rows of one FRI layer (per distinct queried row, in row order, its F entries except those at the queried
/// positions, which the verifier computes) and their batched Merkle siblings.
/// </summary>
public sealed record FriLayerOpening(Ext3[] Values, byte[] Siblings);
