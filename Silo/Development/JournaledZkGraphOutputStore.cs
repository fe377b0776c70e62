using System.Text.Json;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.ZkGraphs;

namespace Wsc.Silo.Development;

/// <summary>
/// The development profile's zkGraph outputs: memory, with every change appended to a journal (JSON Lines) in the data
/// directory and replayed at start-up, so outputs survive a restart as the graphs (grain state) and files (blob journal)
/// do. Reads never touch the disk; a torn last line from a kill is skipped; never compacted (delete `.data` to start fresh).
/// </summary>
public sealed class JournaledZkGraphOutputStore : IZkGraphOutputStore, IDisposable
{
    private readonly MemoryZkGraphOutputStore _inner = new();
    private readonly StreamWriter _journal;
    private readonly SemaphoreSlim _append = new(1, 1);

    /// <summary>Opens (and replays) the journal at <paramref name="path"/>.</summary>
    public JournaledZkGraphOutputStore(string path)
    {
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (Parse(line) is { } entry)
                {
                    ApplyAsync(entry).GetAwaiter().GetResult();
                    Replayed++;
                }
            }
        }
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        // A line torn by a kill is cut off, so the next entry starts on a line of its own.
        file.SetLength(CompleteLength(file));
        file.Seek(0, SeekOrigin.End);
        _journal = new StreamWriter(file) { AutoFlush = false };
    }

    /// <summary>Journal entries replayed at start-up.</summary>
    public int Replayed { get; }

    public Task<IReadOnlyList<ZkGraphOutput>> FindAsync(string graphId, IReadOnlyCollection<string> hashes) => _inner.FindAsync(graphId, hashes);

    public Task<IReadOnlyList<ZkGraphOutput>> RangeAsync(string graphId, ulong from, ulong to) => _inner.RangeAsync(graphId, from, to);

    public Task<IReadOnlyList<ZkGraphOutput>> UndeliveredAsync(string graphId, int limit) => _inner.UndeliveredAsync(graphId, limit);

    public async Task SaveAsync(IReadOnlyList<ZkGraphOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        await AppendAsync(new Entry("save", outputs.ToArray(), null, null, null));
        await _inner.SaveAsync(outputs);
    }

    public async Task<int> OrphanAsync(ulong number, string hash)
    {
        await AppendAsync(new Entry("orphan", null, null, number, hash));
        return await _inner.OrphanAsync(number, hash);
    }

    public async Task<IReadOnlyList<ZkGraphOutput>> FinalizeAsync(string graphId, ulong through)
    {
        await AppendAsync(new Entry("final", null, graphId, through, null));
        return await _inner.FinalizeAsync(graphId, through);
    }

    public void Dispose()
    {
        _journal.Dispose();
        _append.Dispose();
    }

    // Written before the memory changes: a change the journal lacks is never seen by a reader.
    private async Task AppendAsync(Entry entry)
    {
        await _append.WaitAsync();
        try
        {
            await _journal.WriteLineAsync(JsonSerializer.Serialize(entry));
            await _journal.FlushAsync();
        }
        finally
        {
            _append.Release();
        }
    }

    private Task ApplyAsync(Entry e) => e.Op switch
    {
        "save" => _inner.SaveAsync(e.Outputs ?? []),
        "orphan" => _inner.OrphanAsync(e.Number ?? 0, e.Hash ?? ""),
        "final" => _inner.FinalizeAsync(e.Graph ?? "", e.Number ?? 0),
        _ => Task.CompletedTask,
    };

    private static long CompleteLength(FileStream file)
    {
        for (var at = file.Length - 1; at >= 0; at--)
        {
            file.Seek(at, SeekOrigin.Begin);
            if (file.ReadByte() == '\n')
            {
                return at + 1;
            }
        }
        return 0;
    }

    private static Entry? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Entry(string Op, ZkGraphOutput[]? Outputs, string? Graph, ulong? Number, string? Hash);
}
