using System.Diagnostics;
using System.Globalization;

namespace Wsc.Client.Storage;

/// <summary>
/// A transfer's progress as one line rewritten in place on a terminal (stderr, and only when it is one: piped or
/// redirected stderr, and so every test and script, sees nothing). Thread-safe: parts finish concurrently.
/// </summary>
public sealed class TransferProgress : IDisposable
{
    private readonly string _label;
    private readonly long _total;
    private readonly TextWriter? _terminal;
    private readonly TimeSpan _every;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _done;
    private TimeSpan? _drawnAt;
    private int _width;
    private bool _finished;

    /// <param name="label">What is moving, e.g. `put web3://…/f.bin: uploading`.</param>
    /// <param name="total">Bytes in all.</param>
    /// <param name="terminal">Where to draw; null draws nothing.</param>
    /// <param name="every">Least time between two draws.</param>
    public TransferProgress(string label, long total, TextWriter? terminal, TimeSpan? every = null)
    {
        (_label, _total, _terminal, _every) = (label, total, terminal, every ?? TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Progress on stderr when stderr is a terminal, else none.</summary>
    public static TransferProgress OnStderr(string label, long total) => new(label, total, Console.IsErrorRedirected ? null : Console.Error);

    /// <summary>Counts <paramref name="bytes"/> more done and redraws (at most once per interval).</summary>
    public void Add(long bytes)
    {
        var done = Interlocked.Add(ref _done, bytes);
        if (_terminal is null)
        {
            return;
        }
        lock (_gate)
        {
            var now = _clock.Elapsed;
            if (_finished)
            {
                return;
            }
            if (done >= _total)
            {
                // Complete: the line is final, and the next progress or message starts below it.
                Draw(done, now);
                End();
            }
            else if (_drawnAt is not TimeSpan last || now - last >= _every)
            {
                Draw(done, now);
            }
        }
    }

    /// <summary>Ends the line if one was drawn, so whatever is printed next starts on a line of its own.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_terminal is not null && _width > 0 && !_finished)
            {
                Draw(Interlocked.Read(ref _done), _clock.Elapsed);
                End();
            }
        }
    }

    private void End()
    {
        _terminal!.Write('\n');
        _terminal.Flush();
        _finished = true;
    }

    private void Draw(long done, TimeSpan now)
    {
        _drawnAt = now;
        var mib = 1024.0 * 1024.0;
        var percent = _total == 0 ? 100 : (int)(done * 100 / _total);
        var rate = now.TotalSeconds > 0 ? done / mib / now.TotalSeconds : 0;
        var line = string.Create(CultureInfo.InvariantCulture, $"{_label} {done / mib:F1} of {_total / mib:F1} MiB ({percent} %), {rate:F1} MiB/s");
        // Pad over a longer earlier line; '\r' returns to the start of the line.
        _terminal!.Write('\r' + line.PadRight(_width));
        _terminal.Flush();
        _width = Math.Max(_width, line.Length);
    }
}
