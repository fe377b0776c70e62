using Wsc.Storage.Merkle;

namespace Wsc.Storage.Blobs;

/// <summary>Cuts a file into blobs of at most 128 KiB and computes their roots (an empty file has no blobs).</summary>
public static class FileBlobs
{
    /// <summary>Blob <paramref name="index"/> of <paramref name="file"/>.</summary>
    public static ReadOnlyMemory<byte> Blob(ReadOnlyMemory<byte> file, int index) =>
        file.Slice(index * BlobLayout.MaxBlobBytes, BlobLayout.BlobLength(file.Length, index));

    /// <summary>The roots of the file's blobs in order; large files hash their blobs in parallel.</summary>
    public static byte[][] Roots(ReadOnlyMemory<byte> file)
    {
        var count = BlobLayout.BlobCount(file.Length);
        var roots = new byte[count][];
        if (count <= 2)
        {
            for (var i = 0; i < count; i++)
            {
                roots[i] = CellMerkle.Root(Blob(file, i).Span);
            }
            return roots;
        }
        Parallel.For(0, count, i => roots[i] = CellMerkle.Root(Blob(file, i).Span));
        return roots;
    }
}
