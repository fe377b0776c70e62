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
    private readonly int _width;

    public ZkGraphWorker(IOptions<ZkGraphOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var width = options.Value.MaxConcurrency > 0 ? options.Value.MaxConcurrency : Environment.ProcessorCount;
        _width = width;
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

    /// <summary>
    /// Runs <paramref name="executor"/> on every input: split into one slice per slot, each slice run back to back on
    /// one pool thread, so a page of short runs costs one hand-off per slice rather than one per run.
    /// </summary>
    public async Task<ExecutionResult[]> RunManyAsync(Executor executor, IReadOnlyList<byte[]> inputs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(inputs);
        var results = new ExecutionResult[inputs.Count];
        var slices = Math.Max(1, Math.Min(_width, inputs.Count));
        var per = (inputs.Count + slices - 1) / slices;
        await Task.WhenAll(Enumerable.Range(0, slices).Select(async k =>
        {
            await _slots.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await Task.Run(() =>
                {
                    for (var i = k * per; i < Math.Min(inputs.Count, (k + 1) * per); i++)
                    {
                        results[i] = executor.Run(inputs[i]);
                    }
                }, ct).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        })).ConfigureAwait(false);
        return results;
    }

    public void Dispose() => _slots.Dispose();
}
