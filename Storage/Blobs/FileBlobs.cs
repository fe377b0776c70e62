using Wsc.Storage.Merkle;

namespace Wsc.Storage.Blobs;

/// <summary>Cuts a file into blobs of at most 128 KiB and computes their roots (an empty file has no blobs).</summary>
public static class FileBlobs
{
    // Blobs hashed together when reading a stream: 2 MiB in memory, enough to keep every core busy.
    private const int StreamBatchBlobs = 16;

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

    /// <summary>
    /// The roots of the blobs of the next <paramref name="length"/> bytes of <paramref name="file"/>, read a batch of
    /// blobs at a time (memory: one batch, not the file). <paramref name="progress"/> hears each batch's byte count.
    /// Throws <see cref="IOException"/> when the stream ends early.
    /// </summary>
    public static async Task<byte[][]> RootsAsync(Stream file, long length, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var count = BlobLayout.BlobCount(length);
        var roots = new byte[count][];
        var buffer = new byte[StreamBatchBlobs * BlobLayout.MaxBlobBytes];
        for (var first = 0; first < count; first += StreamBatchBlobs)
        {
            var n = Math.Min(StreamBatchBlobs, count - first);
            var bytes = (int)(Math.Min(length, (long)(first + n) * BlobLayout.MaxBlobBytes) - ((long)first * BlobLayout.MaxBlobBytes));
            await file.ReadExactlyAsync(buffer.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false);
            var batchFirst = first;
            Parallel.For(0, n, k =>
            {
                var start = k * BlobLayout.MaxBlobBytes;
                roots[batchFirst + k] = CellMerkle.Root(buffer.AsSpan(start, Math.Min(BlobLayout.MaxBlobBytes, bytes - start)));
            });
            progress?.Invoke(bytes);
        }
        return roots;
    }
}
