using System.Buffers;

namespace Wsc.Chain.Rpc;

/// <summary>
/// An HTTP response body read into a buffer rented from <see cref="ArrayPool{T}.Shared"/> (returned on dispose): the
/// catch-up path reads a batch response of tens to thousands of kilobytes for every 32 blocks, and allocating each
/// one (often on the large-object heap) was a large share of the follower's garbage-collection work.
/// </summary>
internal sealed class ResponseBody : IDisposable
{
    private byte[]? _buffer;

    private ResponseBody(byte[] buffer, int length, bool ok)
    {
        _buffer = buffer;
        Length = length;
        Ok = ok;
    }

    /// <summary>The rented buffer; only the first <see cref="Length"/> bytes are the body.</summary>
    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(ResponseBody));

    /// <summary>Bytes of body in <see cref="Buffer"/>.</summary>
    public int Length { get; }

    /// <summary>Whether the HTTP status was a success.</summary>
    public bool Ok { get; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    /// <summary>
    /// Reads the whole body of <paramref name="response"/>; a body longer than <paramref name="maxBytes"/> (announced or
    /// read) is refused with <see cref="RpcDataException"/>, without allocating for what the node merely announces.
    /// </summary>
    public static async Task<ResponseBody> ReadAsync(HttpResponseMessage response, int maxBytes, string what, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is long announced && announced > maxBytes)
        {
            throw new RpcDataException($"{what}: response of {announced} bytes exceeds the {maxBytes}-byte limit (RpcOptions.MaxResponseBytes)");
        }
        // The announced length plus one (so the end is seen without growing), but never more than 4 MiB up front.
        var expected = response.Content.Headers.ContentLength is long n and > 0 ? (int)Math.Min(n + 1, 4L << 20) : 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(expected);
        var length = 0;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length > maxBytes)
                    {
                        throw new RpcDataException($"{what}: response longer than the {maxBytes}-byte limit (RpcOptions.MaxResponseBytes)");
                    }
                    if (length == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    var read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }
                    length += read;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        return new ResponseBody(buffer, length, response.IsSuccessStatusCode);
    }

    public void Dispose()
    {
        if (_buffer is { } b)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
