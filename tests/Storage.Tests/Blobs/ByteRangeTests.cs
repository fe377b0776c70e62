using Wsc.Storage.Blobs;

namespace Wsc.Storage.Tests.Blobs;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("0-0", 1000L, 0L, 1L)]
    [InlineData("10-19", 1000L, 10L, 10L)]
    [InlineData("990-5000", 1000L, 990L, 10L)] // a last byte past the end is clamped, as HTTP does
    [InlineData("500-", 1000L, 500L, 500L)]
    [InlineData("-100", 1000L, 900L, 100L)]
    [InlineData("-5000", 1000L, 0L, 1000L)] // a suffix longer than the file is the whole file
    public void Ranges_resolve_as_http_does(string text, long fileLength, long offset, long length)
    {
        Assert.Equal((offset, length), ByteRange.Parse(text).Resolve(fileLength));
    }

    [Theory]
    [InlineData("1000-1001", 1000L)]
    [InlineData("1000-", 1000L)]
    [InlineData("0-0", 0L)]
    [InlineData("-1", 0L)]
    public void Ranges_selecting_no_byte_are_unsatisfiable(string text, long fileLength)
    {
        var range = ByteRange.Parse(text);
        Assert.False(range.TryResolve(fileLength, out _, out _));
        var e = Assert.Throws<ArgumentException>(() => range.Resolve(fileLength));
        Assert.Contains($"selects no byte of a file of {fileLength} bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20-10", "is inverted: its last byte 10 comes before its first byte 20")]
    [InlineData("-0", "asks for the last 0 bytes")]
    [InlineData("-", "expected A-B")]
    [InlineData("a-b", "expected A-B")]
    [InlineData("1-2-3", "expected A-B")]
    [InlineData("+1-2", "expected A-B")]
    [InlineData("12", "expected A-B")]
    [InlineData("", "expected A-B")]
    public void Malformed_ranges_are_one_line_errors(string text, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => ByteRange.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
