using Microsoft.Extensions.Logging;
using Wsc.Grains.Logging;

namespace Wsc.Grains.Tests.Logging;

public sealed class RepeatedWarningTests
{
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_problem_repeated_on_every_retry_is_one_warning_and_its_end_one_line()
    {
        var log = new ListLogger();
        var warning = new RepeatedWarning(log, "Follower did not advance", new ManualClock());
        for (var i = 0; i < 57; i++)
        {
            warning.Report("stuck after block 7: connection refused");
        }
        Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Warning, log.Lines[0].Level);
        Assert.Equal("Follower did not advance: stuck after block 7: connection refused (retrying; repeats of this are not logged)", log.Lines[0].Message);

        warning.Report("stuck after block 7: chain id changed");
        Assert.Equal(2, log.Lines.Count(l => l.Level == LogLevel.Warning));

        warning.Clear();
        warning.Clear();
        Assert.Equal(3, log.Lines.Count);
        Assert.Contains("recovered", log.Lines[2].Message);
    }

    [Fact]
    public void A_problem_that_persists_is_recalled_every_few_minutes_with_a_count()
    {
        var log = new ListLogger();
        var clock = new ManualClock();
        var warning = new RepeatedWarning(log, "keep-alive", clock);
        warning.Report("silo unavailable");
        for (var i = 0; i < 10; i++)
        {
            clock.Now += TimeSpan.FromSeconds(3);
            warning.Report("silo unavailable");
        }
        Assert.Single(log.Lines);
        clock.Now += RepeatedWarning.ReminderEvery;
        warning.Report("silo unavailable");
        Assert.Equal(2, log.Lines.Count);
        Assert.Contains("11 more times", log.Lines[1].Message);
    }
}
