namespace Wsc.Integration.Tests.Db;

/// <summary>A second grain type whose state has the same name ("counter") as <see cref="ICounterTestGrain"/>'s.</summary>
[Alias("Wsc.Integration.Tests.Db.ISecondCounterTestGrain")]
public interface ISecondCounterTestGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task<int> Add(int amount);
}
