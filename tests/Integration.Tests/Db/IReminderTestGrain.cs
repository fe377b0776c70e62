namespace Wsc.Integration.Tests.Db;

/// <summary>A test grain that registers a durable reminder in the ADO.NET reminder table.</summary>
[Alias("Wsc.Integration.Tests.Db.IReminderTestGrain")]
public interface IReminderTestGrain : IGrainWithStringKey
{
    [Alias("Arm")]
    Task Arm(TimeSpan dueTime);

    [Alias("Disarm")]
    Task Disarm();
}
