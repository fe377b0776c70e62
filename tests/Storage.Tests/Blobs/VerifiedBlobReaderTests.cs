using Wsc.Storage.Blobs;

namespace Wsc.Storage.Tests.Blobs;

public sealed class VerifiedBlobReaderTests
{
    private const int Blob = BlobLayout.MaxBlobBytes;

    private static byte[] File(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    // A fetch from memory that records which blobs were asked for and how many fetches were in flight at most.
    private sealed class Source(byte[] file)
    {
        private int _inFlight;

        public int MaxInFlight { get; private set; }

        public List<(int First, int Count)> Calls { get; } = [];

        public Func<int, byte[], byte[]> Tamper { get; set; } = (_, b) => b;

        public async Task<byte[][]> FetchAsync(int first, int count, CancellationToken ct)
        {
            lock (Calls)
            {
                Calls.Add((first, count));
                MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
            }
            await Task.Delay(1, ct);
            var blobs = Enumerable.Range(first, count).Select(i => Tamper(i, FileBlobs.Blob(file, i).ToArray())).ToArray();
            lock (Calls)
            {
                _inFlight--;
            }
            return blobs;
        }
    }

    private static async Task<byte[]> ReadAsync(VerifiedBlobReader reader, long offset, long count)
    {
        var output = new MemoryStream();
        await reader.ReadAsync(offset, count, (m, ct) => output.WriteAsync(m, ct));
        return output.ToArray();
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(0L, (40L * Blob) + 77)]
    [InlineData(1L, 1L)]
    [InlineData(Blob - 3L, 10L)] // across a blob boundary
    [InlineData((5L * Blob) + 100, (20L * Blob) + 5)]
    [InlineData((40L * Blob) + 76, 1L)] // the last byte
    public async Task Reads_exactly_the_range_fetching_only_the_blobs_it_covers(long offset, long count)
    {
        var file = File((40 * Blob) + 77);
        var source = new Source(file);
        var reader = new VerifiedBlobReader(FileBlobs.Roots(file), file.Length, source.FetchAsync, blobsPerFetch: 4, fetchesAhead: 2);
        Assert.Equal(file.AsSpan((int)offset, (int)count).ToArray(), await ReadAsync(reader, offset, count));
        var fetched = source.Calls.SelectMany(c => Enumerable.Range(c.First, c.Count)).Order().ToList();
        var expected = count == 0 ? [] : Enumerable.Range((int)(offset / Blob), (int)((offset + count - 1) / Blob) - (int)(offset / Blob) + 1).ToList();
        Assert.Equal(expected, fetched);
        Assert.All(source.Calls, c => Assert.InRange(c.Count, 1, 4));
        // The window bounds memory: at most 1 + fetchesAhead batches in flight.
        Assert.InRange(source.MaxInFlight, 0, 3);
    }

    [Fact]
    public async Task A_tampered_blob_stops_the_read_before_any_of_its_bytes_are_written()
    {
        var file = File(10 * Blob);
        var source = new Source(file) { Tamper = (i, b) => { if (i == 6) { b[1000] ^= 1; } return b; } };
        var reader = new VerifiedBlobReader(FileBlobs.Roots(file), file.Length, source.FetchAsync, blobsPerFetch: 2, fetchesAhead: 1);
        var output = new MemoryStream();
        var e = await Assert.ThrowsAsync<BlobVerificationException>(() => reader.ReadAsync(0, file.Length, (m, ct) => output.WriteAsync(m, ct)));
        Assert.StartsWith("blob 6: its bytes hash to 0x", e.Message, StringComparison.Ordinal);
        // Blobs 0..5 verified and were written; nothing of blob 6 or later was.
        Assert.Equal(file.AsSpan(0, 6 * Blob).ToArray(), output.ToArray());
    }

    [Theory]
    [InlineData(-1)] // a blob cut short
    [InlineData(1)] // a blob with a byte added
    public async Task A_blob_of_the_wrong_length_is_refused(int delta)
    {
        var file = File((2 * Blob) + 500);
        var source = new Source(file) { Tamper = (i, b) => i == 2 ? b.AsSpan(0, 0).ToArray().Concat(new byte[500 + delta]).ToArray() : b };
        var reader = new VerifiedBlobReader(FileBlobs.Roots(file), file.Length, source.FetchAsync);
        var e = await Assert.ThrowsAsync<BlobVerificationException>(() => ReadAsync(reader, 0, file.Length));
        Assert.Equal($"blob 2: {500 + delta} bytes came, the signed entry says 500", e.Message);
    }

    [Fact]
    public async Task Blobs_swapped_between_positions_are_refused()
    {
        var file = File(3 * Blob);
        var source = new Source(file) { Tamper = (i, b) => FileBlobs.Blob(file, 2 - i).ToArray() };
        var reader = new VerifiedBlobReader(FileBlobs.Roots(file), file.Length, source.FetchAsync);
        var e = await Assert.ThrowsAsync<BlobVerificationException>(() => ReadAsync(reader, 0, file.Length));
        Assert.StartsWith("blob 0:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Roots_that_do_not_fit_the_length_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new VerifiedBlobReader([new byte[32]], 2L * Blob, (_, _, _) => Task.FromResult<byte[][]>([])));
        Assert.Contains("expected 2 roots", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((16 * Blob) + 1)] // one blob past a batch
    [InlineData(40 * Blob)]
    public async Task Streamed_roots_equal_the_in_memory_roots(int length)
    {
        var file = File(length);
        var reported = 0L;
        var roots = await FileBlobs.RootsAsync(new MemoryStream(file), length, n => reported += n);
        Assert.Equal(FileBlobs.Roots(file), roots);
        Assert.Equal(length, reported);
    }

    [Fact]
    public async Task Streamed_roots_of_a_stream_that_ends_early_fail()
    {
        await Assert.ThrowsAsync<EndOfStreamException>(() => FileBlobs.RootsAsync(new MemoryStream(new byte[1000]), 2000));
    }
}
