using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Wsc.Client.Cli;

/// <summary>
/// Retries a read-only or idempotent cluster call while the cluster is failing over (the silo that held the grain or
/// the connection died and another takes over within seconds), for at most <see cref="Window"/>; then one line.
/// </summary>
public sealed class FailoverRetry(TimeSpan window, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>How long failures that look like a failover are retried: a membership change takes a few seconds.</summary>
    public TimeSpan Window { get; } = window;

    /// <summary>The default for CLI calls: long enough for a silo to be declared dead and the grain to move.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(20);

    /// <summary>True for failures meaning the call did not reach a live grain, so that trying again may succeed.</summary>
    public static bool IsFailover(Exception e) => e is SiloUnavailableException or ConnectionFailedException
        or OrleansMessageRejectionException or GatewayTooBusyException
        || (e.InnerException is not null && IsFailover(e.InnerException));

    /// <summary>
    /// Runs <paramref name="call"/>, retrying failover failures with a growing pause until <see cref="Window"/> has
    /// passed; other failures pass through at once. <paramref name="what"/> and <paramref name="gateway"/> name the
    /// call and the gateway in the one line that ends a window without an answer.
    /// </summary>
    public Task<T> RunAsync<T>(string what, string gateway, Func<Task<T>> call, CancellationToken ct = default) =>
        RunAsync(what, gateway, call, IsFailover, ct);

    /// <summary>
    /// <see cref="RunAsync{T}(string, string, Func{Task{T}}, CancellationToken)"/> retrying the failures
    /// <paramref name="retryable"/> accepts (a caller that knows more, e.g. that an attempt timed out, widens it).
    /// </summary>
    public async Task<T> RunAsync<T>(string what, string gateway, Func<Task<T>> call, Func<Exception, bool> retryable, CancellationToken ct = default)
    {
        var start = _clock.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(250);
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                return await call();
            }
            catch (Exception e) when (retryable(e))
            {
                var elapsed = _clock.GetElapsedTime(start);
                if (elapsed + pause > Window)
                {
                    throw new CliException($"{what}: the cluster at {gateway} did not answer for {Window.TotalSeconds:0.#} s ({attempts} attempts; last: {Describe(e)})");
                }
                await Task.Delay(pause, _clock, ct);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>The failure in words: Orleans' messages name silo addresses and message dumps a person cannot use.</summary>
    public static string Describe(Exception e) => e switch
    {
        ConnectionFailedException or { InnerException: ConnectionFailedException } => "connection to the gateway lost",
        SiloUnavailableException => "the silo holding the grain is gone",
        GatewayTooBusyException => "the gateway is too busy",
        OrleansMessageRejectionException => "the message was rejected while the cluster changes",
        TimeoutException => "no answer: " + e.Message.ReplaceLineEndings(" "),
        _ => e.GetBaseException().Message.ReplaceLineEndings(" "),
    };

}
