using Microsoft.Extensions.Options;
using Wsc.Chain;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Placement;

namespace Wsc.Grains.Storage;

/// <summary>
/// An owner's directory: the single place a file's roots change, so each write is one atomic state update. A put is
/// published only when every replica of every blob is on its shard (checked, and confirmed against garbage collection,
/// inside this turn), so an entry never names blobs that were not stored.
/// </summary>
public sealed class StorageDirectoryGrain(
    [PersistentState("storage-directory", "wsc")] IPersistentState<DirectoryState> state,
    IOptions<StorageOptions> options) : Grain, IStorageDirectoryGrain
{
    private bool _registered;

    public Task<DirectoryEntry?> GetAsync(string path) => Task.FromResult(state.State.Entries.GetValueOrDefault(path));

    public Task<string[]> ListAsync() => Task.FromResult(state.State.Entries.Keys.Order(StringComparer.Ordinal).ToArray());

    public Task<DirectoryEntry[]> EntriesAsync() => Task.FromResult(state.State.Entries.Values.ToArray());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A directory that holds files is always in the catalog (also ones written before the catalog existed).
        if (state.State.Entries.Count > 0)
        {
            await RegisterAsync();
        }
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.Entries.Count);

    public Task<ulong> NextNonceAsync() => Task.FromResult(state.State.NextNonce);

    public async Task<DirectoryEntry?> ApplyAsync(DirectoryWrite write)
    {
        var (owner, chainId) = Key();
        // The directory is callable by any cluster client, so it enforces the size limit itself too.
        if (!write.Remove && write.Length > options.Value.MaxFileBytes)
        {
            throw new ArgumentException($"put of {write.Path}: {write.Length} bytes exceed the largest file this cluster stores (Storage:MaxFileBytes = {options.Value.MaxFileBytes})");
        }
        var problem = WriteCheck.Problem(write, owner, chainId, state.State.NextNonce);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }
        if (write.Remove && !state.State.Entries.ContainsKey(write.Path))
        {
            throw new ArgumentException($"remove {write.Path}: no such file in {StorageKeys.Url(write.Owner, chainId, "/")}");
        }
        if (!write.Remove && await MissingReplicaAsync(write) is string missing)
        {
            throw new ArgumentException(missing);
        }
        // Registered before the entry exists, so garbage collection never sees an entry of an unlisted directory.
        await RegisterAsync();
        // Copy-on-write: a failed state write leaves the previous directory in memory as well as in storage.
        var next = new DirectoryState { Entries = new(state.State.Entries, StringComparer.Ordinal), NextNonce = write.Nonce + 1 };
        DirectoryEntry? entry = null;
        if (write.Remove)
        {
            next.Entries.Remove(write.Path);
        }
        else
        {
            entry = new DirectoryEntry(owner.ToString(), chainId, write.Path, write.Length, write.Roots, write.Nonce, write.Signature, write.Grant);
            next.Entries[write.Path] = entry;
        }
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
        return entry;
    }

    private async Task RegisterAsync()
    {
        if (!_registered)
        {
            await GrainFactory.GetGrain<IStorageCatalogGrain>(0).AddAsync(this.GetPrimaryKeyString());
            _registered = true;
        }
    }

    // The first replica of the write's blobs that is not on its shard, as a one-line refusal; null when all are there.
    // Present replicas are confirmed, which resets their age so a concurrent garbage-collection pass spares them.
    private async Task<string?> MissingReplicaAsync(DirectoryWrite write)
    {
        var o = options.Value;
        var expected = new Dictionary<int, List<ShardIndexEntry>>();
        // Each replica to check and the first blob it is (repeated blobs share a root: one replica to check).
        var firstBlob = new Dictionary<ShardIndexEntry, int>();
        for (var i = 0; i < write.Roots.Length; i++)
        {
            var shards = Rendezvous.Shards(Hex0x.Decode(write.Roots[i], 32, "blob root"), o.Shards, o.Replicas);
            for (var r = 0; r < shards.Length; r++)
            {
                if (!expected.TryGetValue(shards[r], out var list))
                {
                    expected[shards[r]] = list = [];
                }
                var replica = new ShardIndexEntry(write.Roots[i].ToLowerInvariant(), r, BlobLayout.BlobLength(write.Length, i));
                if (firstBlob.TryAdd(replica, i))
                {
                    list.Add(replica);
                }
            }
        }
        var missing = await Task.WhenAll(expected.Select(async kv =>
        {
            var absent = await GrainFactory.GetGrain<IStorageShardGrain>(kv.Key).ConfirmAsync(kv.Value.ToArray());
            return absent.Select(a => (Shard: kv.Key, Blob: firstBlob[a], Entry: a));
        }));
        var all = missing.SelectMany(m => m).OrderBy(m => m.Blob).ThenBy(m => m.Entry.Replica).ToList();
        if (all.Count == 0)
        {
            return null;
        }
        var (shard, blob, entry) = all[0];
        return $"put of {write.Path}: blob {blob} ({entry.Root}, {entry.Length} bytes) replica {entry.Replica} is not stored on shard {shard}"
            + (all.Count > 1 ? $" (and {all.Count - 1} more {(all.Count == 2 ? "replica" : "replicas")})" : "") + ": store every blob on its replicas before publishing the entry";
    }

    private (Address Owner, ulong ChainId) Key()
    {
        var key = this.GetPrimaryKeyString();
        var colon = key.LastIndexOf(':');
        return (Address.Parse(key[..colon]), ulong.Parse(key.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
