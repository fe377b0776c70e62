namespace Wsc.Chain.Rpc;

/// <summary>Resilience settings of <see cref="EthRpcClient"/> (bindable from configuration).</summary>
public sealed class RpcOptions
{
    /// <summary>Time allowed for one HTTP attempt before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt, for transport failures and timeouts only.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound on a single retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failure ratio within <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Minimum attempts in the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which failures are counted.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit rejects calls before probing again.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest response body accepted (a longer one is refused before it is read whole).</summary>
    public int MaxResponseBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Throws a one-line ArgumentException naming the first setting out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException("RpcOptions." + message);
            }
        }
        Require(AttemptTimeout >= TimeSpan.FromMilliseconds(10) && AttemptTimeout <= TimeSpan.FromDays(1), $"AttemptTimeout {AttemptTimeout} must be between 10 ms and 1 day");
        Require(MaxRetries is >= 0 and <= 100, $"MaxRetries {MaxRetries} must be between 0 and 100");
        Require(RetryBaseDelay >= TimeSpan.Zero && RetryBaseDelay <= TimeSpan.FromDays(1), $"RetryBaseDelay {RetryBaseDelay} must be between 0 and 1 day");
        Require(RetryMaxDelay >= RetryBaseDelay, $"RetryMaxDelay {RetryMaxDelay} must not be below RetryBaseDelay {RetryBaseDelay}");
        Require(BreakerFailureRatio is > 0 and <= 1, $"BreakerFailureRatio {BreakerFailureRatio} must be in (0, 1]");
        Require(BreakerMinimumThroughput >= 2, $"BreakerMinimumThroughput {BreakerMinimumThroughput} must be at least 2");
        Require(BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), $"BreakerSamplingDuration {BreakerSamplingDuration} must be at least 500 ms");
        Require(BreakerBreakDuration >= TimeSpan.FromMilliseconds(500), $"BreakerBreakDuration {BreakerBreakDuration} must be at least 500 ms");
        Require(MaxResponseBytes is >= 1024 and <= 1024 * 1024 * 1024, $"MaxResponseBytes {MaxResponseBytes} must be between 1 KiB and 1 GiB");
    }
}
