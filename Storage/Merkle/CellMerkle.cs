using System.Buffers;
using System.Buffers.Binary;
using Wsc.Storage.Blobs;
using Wsc.Storage.Crypto;

namespace Wsc.Storage.Merkle;

/// <summary>
/// The blob commitment: a keccak Merkle tree whose leaves are the raw 32-byte cells (zero-padded to a power of two),
/// closed by binding the length: root = keccak(treeRoot || uint64be(length)).
/// </summary>
/// <remarks>
/// Leaves are not hashed: the depth is fixed by the length the root binds, so a 32-byte leaf cannot pose as a
/// 64-byte inner node, and skipping leaf hashing halves the hashing of every put.
/// </remarks>
public static class CellMerkle
{
    /// <summary>Computes the blob root of <paramref name="blob"/> into <paramref name="root"/> (32 bytes).</summary>
    public static void Root(ReadOnlySpan<byte> blob, Span<byte> root)
    {
        BlobLayout.CheckBlobLength(blob.Length);
        var leaves = BlobLayout.LeafCount(blob.Length);
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(32, leaves * 16));
        try
        {
            Span<byte> treeRoot = stackalloc byte[32];
            TreeRoot(blob, leaves, scratch, treeRoot);
            Close(treeRoot, blob.Length, root);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>The blob root as a fresh array.</summary>
    public static byte[] Root(ReadOnlySpan<byte> blob)
    {
        var root = new byte[32];
        Root(blob, root);
        return root;
    }

    /// <summary>root = keccak(treeRoot || uint64be(length)).</summary>
    public static void Close(ReadOnlySpan<byte> treeRoot, int length, Span<byte> root)
    {
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(len, (ulong)length);
        StorageKeccak.Hash(treeRoot, len, root);
    }

    /// <summary>All levels of the tree: level 0 the padded cells, the last level the 32-byte tree root.</summary>
    public static byte[][] Levels(ReadOnlySpan<byte> blob)
    {
        BlobLayout.CheckBlobLength(blob.Length);
        var leaves = BlobLayout.LeafCount(blob.Length);
        var depth = BlobLayout.Depth(blob.Length);
        var levels = new byte[depth + 1][];
        levels[0] = new byte[leaves * 32];
        blob.CopyTo(levels[0]);
        for (var l = 1; l <= depth; l++)
        {
            var below = levels[l - 1];
            var level = levels[l] = new byte[below.Length / 2];
            HashLevel(below, level, level.Length / 32);
        }
        return levels;
    }

    /// <summary>The sibling path (depth × 32 bytes, leaf level first) of cell <paramref name="cell"/> from <see cref="Levels"/>.</summary>
    public static byte[] Path(byte[][] levels, int cell)
    {
        var depth = levels.Length - 1;
        if ((uint)cell >= (uint)(levels[0].Length / 32))
        {
            throw new ArgumentOutOfRangeException(nameof(cell), $"cell {cell}: expected 0..{(levels[0].Length / 32) - 1}");
        }
        var path = new byte[depth * 32];
        var index = cell;
        for (var l = 0; l < depth; l++)
        {
            levels[l].AsSpan((index ^ 1) * 32, 32).CopyTo(path.AsSpan(l * 32));
            index >>= 1;
        }
        return path;
    }

    /// <summary>
    /// Checks that <paramref name="cellBytes"/> is cell <paramref name="cell"/> of the blob of <paramref name="length"/>
    /// bytes committed by <paramref name="root"/>, given its sibling <paramref name="path"/>.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> root, int length, int cell, ReadOnlySpan<byte> cellBytes, ReadOnlySpan<byte> path)
    {
        if (root.Length != 32 || cellBytes.Length != 32 || length is < 0 or > BlobLayout.MaxBlobBytes)
        {
            return false;
        }
        var depth = BlobLayout.Depth(length);
        if (path.Length != depth * 32 || (uint)cell >= (uint)BlobLayout.CellCount(length))
        {
            return false;
        }
        // The padding beyond the length is part of the commitment: a cell that claims data there is false.
        var used = length - (cell * 32);
        if (used < 32 && cellBytes[used..].ContainsAnyExcept((byte)0))
        {
            return false;
        }
        Span<byte> h = stackalloc byte[32];
        cellBytes.CopyTo(h);
        var index = cell;
        for (var l = 0; l < depth; l++)
        {
            var sibling = path.Slice(l * 32, 32);
            if ((index & 1) == 0)
            {
                StorageKeccak.Hash(h, sibling, h);
            }
            else
            {
                StorageKeccak.Hash(sibling, h, h);
            }
            index >>= 1;
        }
        Span<byte> computed = stackalloc byte[32];
        Close(h, length, computed);
        return computed.SequenceEqual(root);
    }

    private static void TreeRoot(ReadOnlySpan<byte> blob, int leaves, byte[] scratch, Span<byte> treeRoot)
    {
        if (leaves == 1)
        {
            treeRoot.Clear();
            blob.CopyTo(treeRoot);
            return;
        }
        // First level straight from the blob (pairs past the end read as zero), then halve in place in scratch.
        Span<byte> pair = stackalloc byte[64];
        var width = leaves / 2;
        var inside = Math.Min(width, blob.Length / 64);
        HashLevel(blob, scratch, inside);
        for (var i = inside; i < width; i++)
        {
            var start = i * 64;
            var dest = scratch.AsSpan(i * 32, 32);
            if (start + 64 <= blob.Length)
            {
                StorageKeccak.Hash(blob.Slice(start, 64), dest);
            }
            else
            {
                pair.Clear();
                if (start < blob.Length)
                {
                    blob[start..].CopyTo(pair);
                }
                StorageKeccak.Hash(pair, dest);
            }
        }
        while (width > 1)
        {
            width /= 2;
            HashLevel(scratch, scratch, width);
        }
        scratch.AsSpan(0, 32).CopyTo(treeRoot);
    }

    /// <summary>above[i] = keccak(below[64i..64i+64]) for i &lt; count; four at a time where the CPU allows. May run in place.</summary>
    private static void HashLevel(ReadOnlySpan<byte> below, Span<byte> above, int count)
    {
        var i = 0;
        if (KeccakX8.IsSupported)
        {
            for (; i + 8 <= count; i += 8)
            {
                KeccakX8.HashPairs(below.Slice(i * 64, 512), above.Slice(i * 32, 256));
            }
        }
        if (KeccakX4.IsSupported)
        {
            for (; i + 4 <= count; i += 4)
            {
                KeccakX4.HashPairs(below.Slice(i * 64, 256), above.Slice(i * 32, 128));
            }
        }
        for (; i < count; i++)
        {
            StorageKeccak.Hash(below.Slice(i * 64, 64), above.Slice(i * 32, 32));
        }
    }
}
