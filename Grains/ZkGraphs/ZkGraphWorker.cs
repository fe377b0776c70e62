using Microsoft.Extensions.Options;
using Wsc.Zk.Vm;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// Runs guest programs on the thread pool, at most <see cref="ZkGraphOptions.MaxConcurrency"/> at once per silo, so a
/// burst of runs (a page of history) never occupies the Orleans scheduler nor more cores than configured.
/// </summary>
public sealed class ZkGraphWorker : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public ZkGraphWorker(IOptions<ZkGraphOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var width = options.Value.MaxConcurrency > 0 ? options.Value.MaxConcurrency : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(width, width);
        Options = new ExecutionOptions { MaxCycles = options.Value.MaxCycles, MaxOutputBytes = options.Value.MaxOutputBytes };
    }

    /// <summary>The limits every run gets.</summary>
    public ExecutionOptions Options { get; }

    /// <summary>Runs <paramref name="executor"/> on <paramref name="input"/> once a slot is free.</summary>
    public async Task<ExecutionResult> RunAsync(Executor executor, byte[] input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => executor.Run(input), ct).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
