namespace Wsc.Integration.Tests.Db;

/// <summary>The persisted state of <see cref="CounterTestGrain"/>.</summary>
[GenerateSerializer, Alias("Wsc.Integration.Tests.Db.CounterTestState")]
public sealed class CounterTestState
{
    [Id(0)]
    public int Value { get; set; }
}
