using Wsc.Storage.Merkle;

namespace Wsc.Storage.Blobs;

/// <summary>
/// Streams a byte range of a committed file blob by blob: blobs are fetched in batches a bounded window ahead, each is
/// checked against its signed root (length and Merkle root) and only then are its covered bytes handed to the sink.
/// Memory is the window (a few batches of 128 KiB blobs), never the file, so any file size reads the same way.
/// </summary>
public sealed class VerifiedBlobReader
{
    private readonly IReadOnlyList<byte[]> _roots;
    private readonly long _fileLength;
    private readonly BlobFetch _fetch;
    private readonly int _blobsPerFetch;
    private readonly int _fetchesAhead;

    /// <param name="roots">The signed roots of the file's blobs, in order.</param>
    /// <param name="fileLength">The signed length of the file.</param>
    /// <param name="fetch">Where the blobs come from (the cluster); nothing it returns is trusted.</param>
    /// <param name="blobsPerFetch">Blobs per fetch (one message).</param>
    /// <param name="fetchesAhead">Fetches in flight beyond the one being written: the memory bound is (1 + this) × batch.</param>
    public VerifiedBlobReader(IReadOnlyList<byte[]> roots, long fileLength, BlobFetch fetch, int blobsPerFetch = 8, int fetchesAhead = 2)
    {
        if (fileLength < 0 || roots.Count != BlobLayout.BlobCount(fileLength))
        {
            throw new ArgumentException($"a file of {fileLength} bytes with {roots.Count} roots: expected {BlobLayout.BlobCount(Math.Max(0, fileLength))} roots");
        }
        if (blobsPerFetch < 1 || fetchesAhead < 0)
        {
            throw new ArgumentException($"blobsPerFetch {blobsPerFetch}, fetchesAhead {fetchesAhead}: expected at least 1 and 0");
        }
        (_roots, _fileLength, _fetch, _blobsPerFetch, _fetchesAhead) = (roots, fileLength, fetch, blobsPerFetch, fetchesAhead);
    }

    /// <summary>
    /// Hands bytes <paramref name="offset"/>..offset+count to <paramref name="sink"/> in order, blob by blob, each only
    /// after its blob verified. Throws <see cref="BlobVerificationException"/> naming the first blob that does not verify:
    /// nothing of it or after it was handed on (blobs before it may have been, all verified).
    /// </summary>
    public async Task ReadAsync(long offset, long count, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken = default)
    {
        if (offset < 0 || count < 0 || offset + count > _fileLength)
        {
            throw new ArgumentException($"range {offset}+{count}: expected within the file's {_fileLength} bytes");
        }
        if (count == 0)
        {
            return;
        }
        var end = offset + count;
        var firstBlob = (int)(offset / BlobLayout.MaxBlobBytes);
        var lastBlob = (int)((end - 1) / BlobLayout.MaxBlobBytes);
        var pending = new Queue<(int First, Task<byte[][]> Blobs)>();
        var next = firstBlob;
        void FillWindow()
        {
            while (pending.Count <= _fetchesAhead && next <= lastBlob)
            {
                var n = Math.Min(_blobsPerFetch, lastBlob - next + 1);
                pending.Enqueue((next, FetchVerifiedAsync(next, n, cancellationToken)));
                next += n;
            }
        }
        try
        {
            FillWindow();
            while (pending.Count > 0)
            {
                var (first, task) = pending.Dequeue();
                var blobs = await task.ConfigureAwait(false);
                FillWindow();
                for (var k = 0; k < blobs.Length; k++)
                {
                    var blobStart = (long)(first + k) * BlobLayout.MaxBlobBytes;
                    var from = (int)Math.Max(0, offset - blobStart);
                    var to = (int)Math.Min(blobs[k].Length, end - blobStart);
                    await sink(blobs[k].AsMemory(from, to - from), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Fetches still in flight after a failure are abandoned; observe them so none surfaces as unobserved.
            foreach (var (_, task) in pending)
            {
                _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }

    private async Task<byte[][]> FetchVerifiedAsync(int first, int count, CancellationToken cancellationToken)
    {
        var blobs = await _fetch(first, count, cancellationToken).ConfigureAwait(false);
        if (blobs is null || blobs.Length != count)
        {
            throw new BlobVerificationException($"blobs {first}..{first + count - 1}: {blobs?.Length ?? 0} came, expected {count}");
        }
        // Hashing is CPU work (~0.3 ms per 128 KiB blob): off the caller's thread, the batch's blobs in parallel.
        var problems = new string?[count];
        await Task.Run(() => Parallel.For(0, count, k => problems[k] = Problem(first + k, blobs[k])), cancellationToken).ConfigureAwait(false);
        return problems.FirstOrDefault(p => p is not null) is string problem ? throw new BlobVerificationException(problem) : blobs;
    }

    private string? Problem(int index, byte[]? blob)
    {
        var expected = BlobLayout.BlobLength(_fileLength, index);
        if (blob is null || blob.Length != expected)
        {
            return $"blob {index}: {blob?.Length ?? 0} bytes came, the signed entry says {expected}";
        }
        var root = CellMerkle.Root(blob);
        return root.AsSpan().SequenceEqual(_roots[index])
            ? null
            : $"blob {index}: its bytes hash to {Wsc.Chain.Hex.Encode(root)}, the signed root is {Wsc.Chain.Hex.Encode(_roots[index])}";
    }
}
