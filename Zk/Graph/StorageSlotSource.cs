namespace Wsc.Zk.Graph;

/// <summary>Storage slots of one contract read at each tick's block (32-byte big-endian keys).</summary>
public sealed record StorageSlotSource(byte[] Address, IReadOnlyList<byte[]> Slots);
