using System.Buffers;

namespace Wsc.Storage.Blobs;

/// <summary>
/// Pooled 128 KiB buffers for the put and get hot paths. Each fresh 128 KiB array is a large-object allocation
/// (~0.1 ms to zero and fault in, as much as masking the blob), and the shared pool keeps only a few per size while a
/// 10 MiB file has 160 replicas in flight; this pool keeps enough.
/// </summary>
public static class BlobBuffers
{
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(BlobLayout.MaxBlobBytes, 512);

    /// <summary>A buffer of at least <paramref name="length"/> bytes (at most 128 KiB); hand it back with <see cref="Return"/>.</summary>
    public static byte[] Rent(int length)
    {
        BlobLayout.CheckBlobLength(length);
        return Pool.Rent(Math.Max(length, 1));
    }

    /// <summary>Gives a buffer from <see cref="Rent"/> back to the pool.</summary>
    public static void Return(byte[] buffer) => Pool.Return(buffer);
}
