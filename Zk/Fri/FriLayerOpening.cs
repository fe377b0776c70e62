using Wsc.Zk.Field;

namespace Wsc.Zk.Fri;

/// <summary>The opened rows of one FRI layer (F values per distinct queried row, in row order) and their batched Merkle siblings.</summary>
public sealed record FriLayerOpening(Ext3[] Values, byte[] Siblings);
