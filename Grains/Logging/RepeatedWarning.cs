using Microsoft.Extensions.Logging;

namespace Wsc.Grains.Logging;

/// <summary>
/// One warning per distinct problem, not one per retry: a loop that retries every 250 ms logs a problem when it first
/// appears (or changes), then stays quiet while it repeats, reminding every <see cref="ReminderEvery"/> with the
/// count, and logs once when it clears. A plain class, so each retrying loop holds its own.
/// </summary>
public sealed class RepeatedWarning(ILogger logger, string what, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private string? _problem;
    private long _repeats;
    private DateTimeOffset _lastLogged;

    /// <summary>How often a problem that persists is logged again (with how many times it recurred).</summary>
    public static readonly TimeSpan ReminderEvery = TimeSpan.FromMinutes(5);

    /// <summary>The problem being suppressed, if any.</summary>
    public string? Current => _problem;

    /// <summary>Reports <paramref name="problem"/>; logs it only when it is new, different, or due for a reminder.</summary>
    public void Report(string problem)
    {
        var now = _clock.GetUtcNow();
        if (problem == _problem)
        {
            _repeats++;
            if (now - _lastLogged >= ReminderEvery)
            {
                logger.LogWarning("{What}: still failing ({Repeats} more times since the last warning): {Problem}", what, _repeats, problem);
                _repeats = 0;
                _lastLogged = now;
            }
            return;
        }
        _problem = problem;
        _repeats = 0;
        _lastLogged = now;
        logger.LogWarning("{What}: {Problem} (retrying; repeats of this are not logged)", what, problem);
    }

    /// <summary>The operation succeeded: a problem that was being suppressed is logged as cleared.</summary>
    public void Clear()
    {
        if (_problem is not null)
        {
            logger.LogInformation("{What}: recovered (after {Repeats} more failures) from: {Problem}", what, _repeats, _problem);
            _problem = null;
            _repeats = 0;
        }
    }
}
