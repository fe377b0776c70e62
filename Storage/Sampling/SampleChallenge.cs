using System.Buffers.Binary;
using Wsc.Storage.Blobs;
using Wsc.Storage.Crypto;

namespace Wsc.Storage.Sampling;

/// <summary>
/// Which cells a shard must show for a tick: seed = keccak(blockHash || uint32be(shard)); draw j is
/// h = keccak(seed || uint32be(j)), entry = uint64be(h[0..8]) mod entries (entries ordered by root, replica),
/// cell = uint64be(h[8..16]) mod cells of that blob.
/// </summary>
public static class SampleChallenge
{
    /// <summary>The shard's seed for a block.</summary>
    public static byte[] Seed(ReadOnlySpan<byte> blockHash, int shard)
    {
        var seed = new byte[32];
        StorageKeccak.HashWithIndex(blockHash, (uint)shard, seed);
        return seed;
    }

    /// <summary>Draw <paramref name="j"/>: the entry ordinal (below <paramref name="entryCount"/>) and a cell selector.</summary>
    public static (int Entry, ulong CellSelector) Draw(ReadOnlySpan<byte> seed, int j, int entryCount)
    {
        if (entryCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(entryCount), $"entry count {entryCount}: expected at least 1");
        }
        Span<byte> h = stackalloc byte[32];
        StorageKeccak.HashWithIndex(seed, (uint)j, h);
        var entry = (int)(BinaryPrimitives.ReadUInt64BigEndian(h) % (ulong)entryCount);
        return (entry, BinaryPrimitives.ReadUInt64BigEndian(h[8..]));
    }

    /// <summary>The cell a selector picks in a blob of <paramref name="length"/> bytes.</summary>
    public static int Cell(ulong selector, int length) => (int)(selector % (ulong)BlobLayout.CellCount(length));
}
