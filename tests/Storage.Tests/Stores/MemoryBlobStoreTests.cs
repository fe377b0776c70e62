using Wsc.Storage.Stores;

namespace Wsc.Storage.Tests.Stores;

public sealed class MemoryBlobStoreTests : BlobStoreContract
{
    private readonly MemoryBlobStore _store = new();

    protected override IBlobStore Store => _store;

    protected override Task LoseBytesAsync(BlobKey key)
    {
        Assert.True(_store.LoseBytes(key));
        return Task.CompletedTask;
    }

    protected override Task BackdateAsync(BlobKey key, TimeSpan age)
    {
        Assert.True(_store.Backdate(key, age));
        return Task.CompletedTask;
    }
}
