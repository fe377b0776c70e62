using Wsc.Storage.Stores;

namespace Wsc.Silo.Development;

/// <summary>
/// The development profile's blob store: the in-memory store, with every change appended to a journal file under the
/// data directory and replayed at start-up, so stored files survive a restart. Reads never touch the disk. The journal
/// is never compacted (a development silo stores little); delete the data directory to start fresh.
/// </summary>
public sealed class JournaledBlobStore : IBlobStore, IDisposable
{
    private const byte Put = 1;
    private const byte Retag = 2;
    private const byte Remove = 3;

    private readonly MemoryBlobStore _inner = new();
    private readonly FileStream _journal;
    private readonly BinaryWriter _writer;
    private readonly SemaphoreSlim _append = new(1, 1);

    /// <summary>Opens (and replays) the journal at <paramref name="path"/>; a torn last record from a kill is dropped.</summary>
    public JournaledBlobStore(string path)
    {
        Replayed = Replay(path);
        _journal = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        _journal.SetLength(ValidLength);
        _journal.Seek(0, SeekOrigin.End);
        _writer = new BinaryWriter(_journal);
    }

    /// <summary>Replicas present after the replay.</summary>
    public int Replayed { get; }

    private long ValidLength { get; set; }

    public async Task PutAsync(IReadOnlyList<StoredReplica> replicas, CancellationToken cancellationToken = default)
    {
        await AppendAsync(w =>
        {
            foreach (var r in replicas)
            {
                w.Write(Put);
                WriteKey(w, r.Key);
                w.Write(r.Length);
                WriteBytes(w, r.Masked.Span);
                WriteBytes(w, r.Tag.Span);
            }
        }, cancellationToken);
        await _inner.PutAsync(replicas, cancellationToken);
    }

    public async Task<bool> RetagAsync(BlobKey key, ReadOnlyMemory<byte> tag, CancellationToken cancellationToken = default)
    {
        var done = await _inner.RetagAsync(key, tag, cancellationToken);
        if (done)
        {
            await AppendAsync(w =>
            {
                w.Write(Retag);
                WriteKey(w, key);
                WriteBytes(w, tag.Span);
            }, cancellationToken);
        }
        return done;
    }

    public async Task<bool> RemoveAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        var done = await _inner.RemoveAsync(key, cancellationToken);
        if (done)
        {
            await AppendAsync(w => WriteRemove(w, key), cancellationToken);
        }
        return done;
    }

    public async Task<int> RemoveStoredBeforeAsync(IReadOnlyList<BlobKey> keys, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var removed = await _inner.RemoveStoredBeforeAsync(keys, cutoff, cancellationToken);
        if (removed > 0)
        {
            var gone = new List<BlobKey>();
            foreach (var k in keys)
            {
                if (await _inner.GetAsync(k, cancellationToken) is null)
                {
                    gone.Add(k);
                }
            }
            await AppendAsync(w => gone.ForEach(k => WriteRemove(w, k)), cancellationToken);
        }
        return removed;
    }

    public Task<byte[]?> GetAsync(BlobKey key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public Task<StoredRead> ReadAsync(BlobKey key, Memory<byte> destination, Memory<byte> tag, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(key, destination, tag, cancellationToken);

    public Task<byte[]?> GetRangeAsync(BlobKey key, int offset, int count, CancellationToken cancellationToken = default) =>
        _inner.GetRangeAsync(key, offset, count, cancellationToken);

    public Task<IReadOnlyList<IndexEntry>> IndexAsync(int shard, CancellationToken cancellationToken = default) => _inner.IndexAsync(shard, cancellationToken);

    // Ages are not journaled: after a restart every replica counts as stored at start-up, which only delays collection.
    public Task<int?[]> ConfirmAsync(IReadOnlyList<BlobKey> keys, CancellationToken cancellationToken = default) => _inner.ConfirmAsync(keys, cancellationToken);

    public Task<IReadOnlyList<BlobKey>> StoredBeforeAsync(int shard, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        _inner.StoredBeforeAsync(shard, cutoff, cancellationToken);

    public void Dispose()
    {
        _writer.Dispose();
        _append.Dispose();
    }

    private async Task AppendAsync(Action<BinaryWriter> write, CancellationToken ct)
    {
        await _append.WaitAsync(ct);
        try
        {
            write(_writer);
            _writer.Flush();
            await _journal.FlushAsync(ct);
        }
        finally
        {
            _append.Release();
        }
    }

    private int Replay(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(stream);
        var present = new HashSet<BlobKey>();
        while (stream.Position < stream.Length)
        {
            try
            {
                switch (reader.ReadByte())
                {
                    case Put:
                        var key = ReadKey(reader);
                        var length = reader.ReadInt32();
                        var masked = ReadBytes(reader);
                        var tag = ReadBytes(reader);
                        _inner.PutAsync([new StoredReplica(key, length, masked, tag)]).GetAwaiter().GetResult();
                        present.Add(key);
                        break;
                    case Retag:
                        var rk = ReadKey(reader);
                        _inner.RetagAsync(rk, ReadBytes(reader)).GetAwaiter().GetResult();
                        break;
                    case Remove:
                        var gone = ReadKey(reader);
                        _inner.RemoveAsync(gone).GetAwaiter().GetResult();
                        present.Remove(gone);
                        break;
                    default:
                        throw new InvalidDataException($"blob journal {path}: unknown record at byte {stream.Position - 1}");
                }
                ValidLength = stream.Position;
            }
            catch (EndOfStreamException)
            {
                break; // the silo was killed mid-append: that last change never completed
            }
        }
        return present.Count;
    }

    private static void WriteRemove(BinaryWriter w, BlobKey key)
    {
        w.Write(Remove);
        WriteKey(w, key);
    }

    private static void WriteKey(BinaryWriter w, BlobKey key)
    {
        w.Write(key.Shard);
        w.Write(key.RootHex);
        w.Write(key.Replica);
    }

    private static BlobKey ReadKey(BinaryReader r) => new(r.ReadInt32(), r.ReadString(), r.ReadInt32());

    private static void WriteBytes(BinaryWriter w, ReadOnlySpan<byte> bytes)
    {
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader r)
    {
        var n = r.ReadInt32();
        var bytes = r.ReadBytes(n);
        return bytes.Length == n ? bytes : throw new EndOfStreamException();
    }
}
