namespace Wsc.Storage.Blobs;

/// <summary>Fetches blobs <paramref name="firstBlob"/>.. (<paramref name="count"/> of them) of a file, in order, from wherever they live.</summary>
public delegate Task<byte[][]> BlobFetch(int firstBlob, int count, CancellationToken cancellationToken);
