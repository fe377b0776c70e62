using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Grains.Storage;
using Wsc.Storage.Stores;
using Wsc.Storage.Tags;

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
        // PostgreSQL behind group commit, so concurrent puts on a silo share transactions.
        Assert.IsType<PostgresBlobStore>(Assert.IsType<GroupCommitBlobStore>(prod.GetRequiredService<IBlobStore>()).Inner);
    }

    [Theory]
    [InlineData("Storage:Replicas", "9", "Replicas=9")]
    [InlineData("Storage:Shards", "0", "Shards=0")]
    [InlineData("Storage:BlobStore", "postgres", "expected memory, or postgres with Postgres:ConnectionString set")]
    [InlineData("Storage:GcGracePeriod", "00:00:30", "GcGracePeriod=00:00:30")]
    [InlineData("Storage:MaxReadBytes", "-1", "MaxReadBytes=-1")]
    [InlineData("Storage:PlacementChecksPerTick", "-1", "PlacementChecksPerTick=-1")]
    [InlineData("Storage:TagSecret", "0x1234", "expected 64 hex digits")]
    [InlineData("Storage:TagSecret", "zz00000000000000000000000000000000000000000000000000000000000000", "expected 64 hex digits")]
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

    [Fact]
    public void A_configured_tag_secret_is_shared_and_a_missing_one_is_random_per_process()
    {
        const string Secret = "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        using var a = Add(("Storage:TagSecret", Secret)).BuildServiceProvider();
        using var b = Add(("Storage:TagSecret", Secret[2..])).BuildServiceProvider();
        using var c = Add().BuildServiceProvider();
        var root = new byte[32];
        var blob = new byte[100];
        var tag = a.GetRequiredService<BlobTagger>().Tag(root, blob);
        Assert.True(b.GetRequiredService<BlobTagger>().Verify(root, blob, tag));
        Assert.False(c.GetRequiredService<BlobTagger>().Verify(root, blob, tag));
    }
}
