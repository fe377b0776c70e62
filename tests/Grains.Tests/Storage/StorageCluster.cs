using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;
using Wsc.Grains.Storage;
using Wsc.Storage.Stores;
using Wsc.TestKit;

namespace Wsc.Grains.Tests.Storage;

/// <summary>A one-silo in-process cluster with the storage network (4 shards, 2 replicas) on a given blob store.</summary>
public abstract class StorageCluster : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The silo's blob store (for looking behind the cluster's back).</summary>
    public IBlobStore Store { get; private set; } = null!;

    /// <summary>Loses a replica's bytes (not its index row) behind the cluster's back.</summary>
    public abstract Task LoseBytesAsync(BlobKey key);

    /// <summary>Makes a replica look stored (or last confirmed) <paramref name="age"/> earlier, behind the cluster's back.</summary>
    public abstract Task BackdateAsync(BlobKey key, TimeSpan age);

    protected abstract Dictionary<string, string?> Settings();

    public async Task InitializeAsync()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("wsc");
            silo.Services.AddWscStorage(config);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Store = Cluster.Silos[0].ServiceProvider.GetRequiredService<IBlobStore>();
    }

    public virtual async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>The development profile: memory blob store.</summary>
public sealed class MemoryStorageCluster : StorageCluster
{
    protected override Dictionary<string, string?> Settings() => new() { ["Storage:Shards"] = "4", ["Storage:Replicas"] = "2", ["Storage:SamplesPerTick"] = "16" };

    public override Task LoseBytesAsync(BlobKey key)
    {
        Assert.True(((MemoryBlobStore)Store).LoseBytes(key));
        return Task.CompletedTask;
    }

    public override Task BackdateAsync(BlobKey key, TimeSpan age)
    {
        Assert.True(((MemoryBlobStore)Store).Backdate(key, age));
        return Task.CompletedTask;
    }
}

/// <summary>The production profile: PostgreSQL blob store on a throwaway server.</summary>
public sealed class PostgresStorageCluster : StorageCluster, IDisposable
{
    private readonly PostgresServer _server = new();
    private string _cs = "";

    protected override Dictionary<string, string?> Settings()
    {
        _cs = _server.CreateDatabase();
        using (var ds = NpgsqlDataSource.Create(_cs))
        {
            StorageSchema.ApplyAsync(ds).GetAwaiter().GetResult();
        }
        return new() { ["Storage:Shards"] = "4", ["Storage:Replicas"] = "2", ["Storage:SamplesPerTick"] = "16", ["Postgres:ConnectionString"] = _cs };
    }

    public override async Task LoseBytesAsync(BlobKey key)
    {
        await using var ds = NpgsqlDataSource.Create(_cs);
        await using var cmd = ds.CreateCommand("DELETE FROM storage_blob_data WHERE shard = $1 AND root = $2 AND replica = $3");
        cmd.Parameters.AddWithValue(key.Shard);
        cmd.Parameters.AddWithValue(key.Root);
        cmd.Parameters.AddWithValue((short)key.Replica);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    public override async Task BackdateAsync(BlobKey key, TimeSpan age)
    {
        await using var ds = NpgsqlDataSource.Create(_cs);
        await using var cmd = ds.CreateCommand("UPDATE storage_blob_index SET stored_at = stored_at - $4 WHERE shard = $1 AND root = $2 AND replica = $3");
        cmd.Parameters.AddWithValue(key.Shard);
        cmd.Parameters.AddWithValue(key.Root);
        cmd.Parameters.AddWithValue((short)key.Replica);
        cmd.Parameters.AddWithValue(age);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    // xunit disposes a fixture's async part (the cluster) and then this (the server).
    public void Dispose() => _server.Dispose();
}
