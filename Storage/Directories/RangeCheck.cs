using Wsc.Storage.Blobs;
using Wsc.Storage.Merkle;

namespace Wsc.Storage.Directories;

/// <summary>One blob's part of a ranged read: the covering cells and their Merkle range proof.</summary>
public sealed record RangeProofSegment(int Blob, int FirstCell, byte[] Cells, byte[] Proof);

/// <summary>
/// Checks a byte range read by URL (the compute side's input) trusting only the owner's key: the signed entry, each
/// touched blob's cells against its root, and the bytes against those cells.
/// </summary>
public static class RangeCheck
{
    /// <summary>Null when <paramref name="bytes"/> are bytes offset.. of the file the owner signed in <paramref name="entry"/>, else why not.</summary>
    public static string? Problem(StorageWrite entry, ReadOnlySpan<byte> signature, long offset, ReadOnlySpan<byte> bytes, IReadOnlyList<RangeProofSegment> segments,
        ulong chainId, Wsc.Chain.Address owner, string path)
    {
        if (entry.NotTheFileAskedFor(chainId, owner, path) is string asked)
        {
            return asked;
        }
        if (entry.SignatureProblem(signature) is string s)
        {
            return s;
        }
        var end = offset + bytes.Length;
        if (offset < 0 || end > entry.Bytes)
        {
            return $"range {offset}+{bytes.Length} lies outside the file's {entry.Bytes} bytes";
        }
        if (bytes.Length == 0)
        {
            return segments.Count == 0 ? null : "an empty range carries proof segments";
        }
        var firstBlob = (int)(offset / BlobLayout.MaxBlobBytes);
        var lastBlob = (int)((end - 1) / BlobLayout.MaxBlobBytes);
        if (segments.Count != lastBlob - firstBlob + 1)
        {
            return $"range touches blobs {firstBlob}..{lastBlob} but {segments.Count} segments came";
        }
        for (var k = 0; k < segments.Count; k++)
        {
            var seg = segments[k];
            var blob = firstBlob + k;
            if (seg.Blob != blob)
            {
                return $"segment {k} is for blob {seg.Blob}: expected blob {blob}";
            }
            var length = BlobLayout.BlobLength(entry.Bytes, blob);
            if (!CellRangeProof.Verify(entry.Roots[blob], length, seg.FirstCell, seg.Cells, seg.Proof))
            {
                return $"blob {blob}: cells {seg.FirstCell}.. do not prove against root {Wsc.Chain.Hex.Encode(entry.Roots[blob])}";
            }
            var blobStart = (long)blob * BlobLayout.MaxBlobBytes;
            var from = (int)Math.Max(0, offset - blobStart);
            var to = (int)Math.Min(length, end - blobStart);
            var cellStart = seg.FirstCell * 32;
            if (from < cellStart || to > cellStart + seg.Cells.Length)
            {
                return $"blob {blob}: proven cells cover {cellStart}..{cellStart + seg.Cells.Length}, the range needs {from}..{to}";
            }
            if (!bytes.Slice((int)(blobStart + from - offset), to - from).SequenceEqual(seg.Cells.AsSpan(from - cellStart, to - from)))
            {
                return $"blob {blob}: bytes {from}..{to} differ from the proven cells";
            }
        }
        return null;
    }
}
