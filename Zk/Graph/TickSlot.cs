namespace Wsc.Zk.Graph;

/// <summary>A storage slot value before the tick's block (read at the parent block): contract address, 32-byte key and 32-byte value (big-endian).</summary>
public sealed record TickSlot(byte[] Address, byte[] Slot, byte[] Value);
