using System.Collections.Concurrent;

namespace Wsc.Integration.Tests.Db;

/// <summary>Registers a reminder and reports each tick to <see cref="Fired"/> (the silo runs in the test process).</summary>
public sealed class ReminderTestGrain : Grain, IReminderTestGrain, IRemindable
{
    /// <summary>Completed with the reminder name when a grain of this key receives its first tick.</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource<string>> Fired { get; } = new();

    public Task Arm(TimeSpan dueTime) =>
        this.RegisterOrUpdateReminder("tick", dueTime, TimeSpan.FromMinutes(1));

    public async Task Disarm()
    {
        var reminder = await this.GetReminder("tick");
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Fired.GetOrAdd(this.GetPrimaryKeyString(), _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously))
            .TrySetResult(reminderName);
        return Task.CompletedTask;
    }
}
