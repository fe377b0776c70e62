using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Grains.Storage;
using Wsc.Storage.Stores;

namespace Wsc.Grains.Tests.Storage;

public sealed class StorageConfigurationTests
{
    private static IServiceCollection Add(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        return new ServiceCollection().AddWscStorage(config);
    }

    [Fact]
    public void Development_uses_memory_and_production_uses_postgres()
    {
        using var dev = Add().BuildServiceProvider();
        Assert.IsType<MemoryBlobStore>(dev.GetRequiredService<IBlobStore>());
        using var prod = Add(("Postgres:ConnectionString", "Host=127.0.0.1;Username=x;Database=y")).BuildServiceProvider();
        Assert.IsType<PostgresBlobStore>(prod.GetRequiredService<IBlobStore>());
    }

    [Theory]
    [InlineData("Storage:Replicas", "9", "Replicas=9")]
    [InlineData("Storage:Shards", "0", "Shards=0")]
    [InlineData("Storage:BlobStore", "postgres", "expected memory, or postgres with Postgres:ConnectionString set")]
    [InlineData("Storage:GcGracePeriod", "00:00:30", "GcGracePeriod=00:00:30")]
    [InlineData("Storage:MaxReadBytes", "-1", "MaxReadBytes=-1")]
    [InlineData("Storage:PlacementChecksPerTick", "-1", "PlacementChecksPerTick=-1")]
    public void Bad_settings_fail_with_one_line_naming_them(string key, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Add((key, value)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Review_settings_bind_with_safe_defaults()
    {
        using var defaults = Add().BuildServiceProvider();
        var o = defaults.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        Assert.Equal((64, 64L * 1024 * 1024, TimeSpan.FromHours(1)), (o.PlacementChecksPerTick, o.MaxReadBytes, o.GcGracePeriod));
        using var set = Add(("Storage:PlacementChecksPerTick", "8"), ("Storage:MaxReadBytes", "1000"), ("Storage:GcGracePeriod", "02:00:00")).BuildServiceProvider();
        o = set.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        Assert.Equal((8, 1000L, TimeSpan.FromHours(2)), (o.PlacementChecksPerTick, o.MaxReadBytes, o.GcGracePeriod));
    }
}
