namespace Wsc.Integration.Tests.Db;

/// <summary>A test grain whose count lives in the "wsc" ADO.NET grain storage.</summary>
[Alias("Wsc.Integration.Tests.Db.ICounterTestGrain")]
public interface ICounterTestGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task<int> Add(int amount);

    [Alias("Get")]
    Task<int> Get();

    [Alias("Clear")]
    Task Clear();
}
