using System.Globalization;

namespace Wsc.Storage.Blobs;

/// <summary>
/// A byte range as HTTP writes it (RFC 9110 <c>bytes=</c> without the unit): <c>A-B</c> (both ends inclusive),
/// <c>A-</c> (from A to the end) or <c>-N</c> (the last N bytes). `wsc storage get --range` and the web3:// gateway's
/// <c>Range</c> header share it, so the two answer a range the same way.
/// </summary>
public sealed record ByteRange(long? First, long? Last)
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="ArgumentException"/> with a one-line reason (an inverted range included).</summary>
    public static ByteRange Parse(string text) =>
        TryParse(text, out var range, out var problem) ? range : throw new ArgumentException(problem);

    /// <summary>Parses <paramref name="text"/>; false with a one-line <paramref name="problem"/> when it is not a range.</summary>
    public static bool TryParse(string? text, out ByteRange range, out string problem)
    {
        range = new ByteRange(null, null);
        problem = $"range '{text}': expected A-B (bytes A to B inclusive), A- (from A to the end) or -N (the last N bytes)";
        var dash = text?.IndexOf('-') ?? -1;
        if (text is null || dash < 0 || text.IndexOf('-', dash + 1) >= 0)
        {
            return false;
        }
        var (a, b) = (text[..dash], text[(dash + 1)..]);
        long? first = null, last = null;
        if (a.Length > 0)
        {
            if (!TryNumber(a, out var v))
            {
                return false;
            }
            first = v;
        }
        if (b.Length > 0)
        {
            if (!TryNumber(b, out var v))
            {
                return false;
            }
            last = v;
        }
        if (first is null && last is null)
        {
            return false;
        }
        if (first is long f && last is long l && l < f)
        {
            problem = $"range '{text}' is inverted: its last byte {l} comes before its first byte {f}";
            return false;
        }
        if (first is null && last == 0)
        {
            problem = $"range '{text}' asks for the last 0 bytes: expected -N with N >= 1";
            return false;
        }
        range = new ByteRange(first, last);
        return true;
    }

    /// <summary>
    /// The (offset, length) this range selects in a file of <paramref name="fileLength"/> bytes, as HTTP does: a last
    /// byte past the end is clamped to the end, a suffix longer than the file is the whole file. False when no byte of
    /// the file is selected (the first byte is past the end, or the file is empty): HTTP's 416.
    /// </summary>
    public bool TryResolve(long fileLength, out long offset, out long length)
    {
        (offset, length) = (0, 0);
        if (fileLength <= 0)
        {
            return false;
        }
        if (First is null)
        {
            length = Math.Min(Last!.Value, fileLength);
            offset = fileLength - length;
            return true;
        }
        if (First.Value >= fileLength)
        {
            return false;
        }
        offset = First.Value;
        length = Math.Min(Last ?? long.MaxValue, fileLength - 1) - offset + 1;
        return true;
    }

    /// <summary><see cref="TryResolve"/>, throwing <see cref="ArgumentException"/> (one line) when no byte is selected.</summary>
    public (long Offset, long Length) Resolve(long fileLength) =>
        TryResolve(fileLength, out var offset, out var length)
            ? (offset, length)
            : throw new ArgumentException($"range {this} selects no byte of a file of {fileLength} bytes: expected a first byte below {fileLength}");

    public override string ToString() => $"{First}-{Last}";

    private static bool TryNumber(string s, out long value) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
