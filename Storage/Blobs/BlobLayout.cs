namespace Wsc.Storage.Blobs;

/// <summary>Sizes of the storage format: 32-byte cells, blobs of at most 128 KiB, files chunked into blobs.</summary>
public static class BlobLayout
{
    /// <summary>Bytes per cell (one Merkle leaf).</summary>
    public const int CellSize = 32;

    /// <summary>Largest blob in bytes.</summary>
    public const int MaxBlobBytes = 128 * 1024;

    /// <summary>Cells in a full blob.</summary>
    public const int MaxCells = MaxBlobBytes / CellSize;

    /// <summary>Cells holding <paramref name="length"/> bytes (the last one zero-padded); at least one.</summary>
    public static int CellCount(int length) => length <= 0 ? 1 : (length + CellSize - 1) / CellSize;

    /// <summary>Leaves of the Merkle tree over <paramref name="length"/> bytes: cells rounded up to a power of two.</summary>
    public static int LeafCount(int length) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)CellCount(length));

    /// <summary>Merkle depth (path length) for a blob of <paramref name="length"/> bytes.</summary>
    public static int Depth(int length) => System.Numerics.BitOperations.Log2((uint)LeafCount(length));

    /// <summary>How many blobs a file of <paramref name="fileLength"/> bytes is cut into (an empty file has none).</summary>
    public static int BlobCount(long fileLength) => (int)((fileLength + MaxBlobBytes - 1) / MaxBlobBytes);

    /// <summary>Length of blob <paramref name="index"/> of a file of <paramref name="fileLength"/> bytes.</summary>
    public static int BlobLength(long fileLength, int index) =>
        (int)Math.Min(MaxBlobBytes, fileLength - ((long)index * MaxBlobBytes));

    /// <summary>Checks a blob length, naming the limit when it is exceeded.</summary>
    public static void CheckBlobLength(int length)
    {
        if (length is < 0 or > MaxBlobBytes)
        {
            throw new ArgumentException($"blob of {length} bytes: expected 0..{MaxBlobBytes} bytes (128 KiB)");
        }
    }
}
