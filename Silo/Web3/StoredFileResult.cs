using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Wsc.Chain;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;

namespace Wsc.Silo.Web3;

/// <summary>
/// A stored file served over HTTP, streamed blob by blob (a few blobs in memory, whatever the file's size), each blob
/// checked against the owner-signed root before any of its bytes go out. One `Range: bytes=…` is honoured (206 with
/// Content-Range; 416 with `Content-Range: bytes */N` when it selects no byte); several ranges, or a malformed one, are
/// ignored as RFC 9110 allows (200, the whole file). The ETag comes from the entry's signature (one per write), so
/// If-Range and If-None-Match work.
/// </summary>
public sealed class StoredFileResult(DirectoryEntry entry, string contentType, IGrainFactory grains, ILogger logger) : IResult
{
    private const int BlobsPerRead = 8;
    private const int ReadsAhead = 2;

    /// <summary>The entity tag of an entry: a different write (nonce, bytes, path) has a different signature.</summary>
    public static string ETag(DirectoryEntry entry) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(entry.Signature)).AsSpan(0, 16)) + "\"";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        var length = entry.Length;
        var etag = ETag(entry);
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = etag;
        if (request.Headers.IfNoneMatch.Any(v => v is not null && (v.Trim() == "*" || v.Split(',').Any(t => t.Trim() == etag))))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var (offset, count) = (0L, length);
        var status = StatusCodes.Status200OK;
        if (SingleRange(request) is ByteRange range)
        {
            if (!range.TryResolve(length, out offset, out count))
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{length.ToString(CultureInfo.InvariantCulture)}";
                return;
            }
            status = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {offset}-{offset + count - 1}/{length}");
        }
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = count;
        if (HttpMethods.IsHead(request.Method) || count == 0)
        {
            return;
        }
        var gateway = grains.GetGrain<IStorageGatewayGrain>(0);
        var roots = entry.Roots.Select(Hex.Decode).ToArray();
        var reader = new VerifiedBlobReader(roots, length, (first, n, _) => gateway.ReadBlobsAsync(
            entry.Roots[first..(first + n)], Enumerable.Range(first, n).Select(i => BlobLayout.BlobLength(length, i)).ToArray()), BlobsPerRead, ReadsAhead);
        try
        {
            await reader.ReadAsync(offset, count, (bytes, ct) => response.Body.WriteAsync(bytes, ct), httpContext.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException && !response.HasStarted)
        {
            // Nothing sent yet: an honest error instead of the file.
            response.Headers.ContentRange = default;
            response.Headers.ETag = default;
            response.StatusCode = StatusCodes.Status502BadGateway;
            response.ContentType = "text/plain";
            response.ContentLength = null;
            await response.WriteAsync($"{StorageKeys.Url(entry.Owner, entry.ChainId, entry.Path)}: {e.Message.ReplaceLineEndings(" ")}\n");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Part of the file went out; never follow it with bytes that did not verify: cut the connection, so the
            // client sees a short body against its Content-Length.
            GatewayLog.ReadCut(logger, StorageKeys.Url(entry.Owner, entry.ChainId, entry.Path), e.Message.ReplaceLineEndings(" "));
            httpContext.Abort();
        }
    }

    // The one byte range asked for, or null when the whole file is to be served: no Range, an If-Range that does not
    // name this version, another unit, several ranges, or a malformed one.
    private ByteRange? SingleRange(HttpRequest request)
    {
        var header = request.Headers.Range.ToString().Trim();
        if (header.Length == 0)
        {
            return null;
        }
        var ifRange = request.Headers.IfRange.ToString().Trim();
        if (ifRange.Length > 0 && ifRange != ETag(entry))
        {
            return null;
        }
        const string unit = "bytes=";
        if (!header.StartsWith(unit, StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return null;
        }
        return ByteRange.TryParse(header[unit.Length..].Trim(), out var range, out _) ? range : null;
    }
}
