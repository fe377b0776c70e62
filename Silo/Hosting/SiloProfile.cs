namespace Wsc.Silo.Hosting;

/// <summary>The two hosting profiles: everything local and in memory, or PostgreSQL-backed clustering and state.</summary>
public enum SiloProfile
{
    /// <summary>Localhost clustering, in-memory state and reminders, a devnet unless `Ethereum:Rpc` is set.</summary>
    Development,

    /// <summary>ADO.NET clustering, persistence and reminders on PostgreSQL.</summary>
    Production,
}
