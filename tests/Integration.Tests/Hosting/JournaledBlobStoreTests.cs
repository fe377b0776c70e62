using Wsc.Silo.Development;
using Wsc.Storage.Stores;

namespace Wsc.Integration.Tests.Hosting;

/// <summary>The development blob journal: what was stored comes back after a restart; a torn last record is dropped.</summary>
public sealed class JournaledBlobStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("wsc-journal-");

    public void Dispose() => _dir.Delete(true);

    private static BlobKey Key(byte b, int replica = 0) => BlobKey.Of(b % 4, Enumerable.Repeat(b, 32).ToArray(), replica);

    [Fact]
    public async Task Puts_retags_and_removes_replay_into_the_same_store()
    {
        var path = Path.Combine(_dir.FullName, "blobs.journal");
        using (var store = new JournaledBlobStore(path))
        {
            await store.PutAsync([new StoredReplica(Key(1), 3, new byte[] { 1, 2, 3 }, new byte[16]), new StoredReplica(Key(2), 2, new byte[] { 9, 9 })]);
            await store.PutAsync([new StoredReplica(Key(3), 1, new byte[] { 7 })]);
            Assert.True(await store.RetagAsync(Key(2), Enumerable.Repeat((byte)5, 16).ToArray()));
            Assert.True(await store.RemoveAsync(Key(3)));
        }
        using var reopened = new JournaledBlobStore(path);
        Assert.Equal(2, reopened.Replayed);
        Assert.Equal(new byte[] { 1, 2, 3 }, await reopened.GetAsync(Key(1)));
        Assert.Null(await reopened.GetAsync(Key(3)));
        var tag = new byte[16];
        var read = await reopened.ReadAsync(Key(2), new byte[2], tag);
        Assert.Equal(Enumerable.Repeat((byte)5, 16).ToArray(), tag);
        Assert.NotEqual(StoredRead.Missing, read);
    }

    [Fact]
    public async Task A_record_torn_by_a_kill_is_dropped_and_later_writes_append_after_the_good_ones()
    {
        var path = Path.Combine(_dir.FullName, "blobs.journal");
        using (var store = new JournaledBlobStore(path))
        {
            await store.PutAsync([new StoredReplica(Key(1), 3, new byte[] { 1, 2, 3 })]);
            await store.PutAsync([new StoredReplica(Key(2), 4, new byte[] { 4, 4, 4, 4 })]);
        }
        using (var f = new FileStream(path, FileMode.Open))
        {
            f.SetLength(f.Length - 3); // the second put was cut short
        }
        using (var store = new JournaledBlobStore(path))
        {
            Assert.Equal(1, store.Replayed);
            Assert.Null(await store.GetAsync(Key(2)));
            await store.PutAsync([new StoredReplica(Key(5), 1, new byte[] { 5 })]);
        }
        using var again = new JournaledBlobStore(path);
        Assert.Equal(2, again.Replayed);
        Assert.Equal(new byte[] { 5 }, await again.GetAsync(Key(5)));
    }
}
