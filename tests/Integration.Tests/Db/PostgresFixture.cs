using Wsc.TestKit;

namespace Wsc.Integration.Tests.Db;

/// <summary>One throwaway PostgreSQL server per test class; each test makes its own database on it.</summary>
public sealed class PostgresFixture : IDisposable
{
    public PostgresServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}
