using Wsc.Storage.Blobs;
using Wsc.Storage.Crypto;

namespace Wsc.Storage.Merkle;

/// <summary>Inclusion proof for a contiguous run of cells: the sibling nodes on the run's left and right edges.</summary>
public static class CellRangeProof
{
    /// <summary>Sibling nodes (32 bytes each, level by level, left edge before right edge) for cells first..last.</summary>
    public static byte[] Create(byte[][] levels, int first, int last)
    {
        var depth = levels.Length - 1;
        if (first < 0 || last < first || last >= levels[0].Length / 32)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"cells {first}..{last}: expected a run inside 0..{(levels[0].Length / 32) - 1}");
        }
        using var proof = new MemoryStream();
        int lo = first, hi = last;
        for (var l = 0; l < depth; l++)
        {
            if ((lo & 1) == 1)
            {
                proof.Write(levels[l], (lo - 1) * 32, 32);
            }
            if ((hi & 1) == 0)
            {
                proof.Write(levels[l], (hi + 1) * 32, 32);
            }
            lo >>= 1;
            hi >>= 1;
        }
        return proof.ToArray();
    }

    /// <summary>Checks that <paramref name="cells"/> are cells first.. of the blob of <paramref name="length"/> bytes under <paramref name="root"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> root, int length, int first, ReadOnlySpan<byte> cells, ReadOnlySpan<byte> proof)
    {
        if (root.Length != 32 || length is < 0 or > BlobLayout.MaxBlobBytes || cells.Length == 0 || cells.Length % 32 != 0)
        {
            return false;
        }
        var count = cells.Length / 32;
        var last = first + count - 1;
        if (first < 0 || last >= BlobLayout.CellCount(length))
        {
            return false;
        }
        // Bytes past the length are zero padding in the commitment; claiming anything else there is false.
        var dataEnd = length - (first * 32);
        if (dataEnd < cells.Length && cells[Math.Max(dataEnd, 0)..].ContainsAnyExcept((byte)0))
        {
            return false;
        }
        var depth = BlobLayout.Depth(length);
        var nodes = new byte[(count + 2) * 32];
        cells.CopyTo(nodes.AsSpan(32));
        // nodes[start..end) holds the current level's run; slot 0 leaves room for a left sibling.
        int start = 32, end = 32 + cells.Length, lo = first, hi = last, used = 0;
        for (var l = 0; l < depth; l++)
        {
            if ((lo & 1) == 1)
            {
                if (used + 32 > proof.Length)
                {
                    return false;
                }
                start -= 32;
                proof.Slice(used, 32).CopyTo(nodes.AsSpan(start));
                used += 32;
            }
            if ((hi & 1) == 0)
            {
                if (used + 32 > proof.Length)
                {
                    return false;
                }
                proof.Slice(used, 32).CopyTo(nodes.AsSpan(end));
                end += 32;
                used += 32;
            }
            var pairs = (end - start) / 64;
            for (var i = 0; i < pairs; i++)
            {
                StorageKeccak.Hash(nodes.AsSpan(start + (i * 64), 64), nodes.AsSpan(32 + (i * 32), 32));
            }
            start = 32;
            end = 32 + (pairs * 32);
            lo >>= 1;
            hi >>= 1;
        }
        if (used != proof.Length || end - start != 32)
        {
            return false;
        }
        Span<byte> computed = stackalloc byte[32];
        CellMerkle.Close(nodes.AsSpan(start, 32), length, computed);
        return computed.SequenceEqual(root);
    }
}
