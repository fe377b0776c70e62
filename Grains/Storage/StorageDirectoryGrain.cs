using Wsc.Chain;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Directories;

namespace Wsc.Grains.Storage;

/// <summary>An owner's directory: the single place a file's roots change, so each write is one atomic state update.</summary>
public sealed class StorageDirectoryGrain(
    [PersistentState("storage-directory", "wsc")] IPersistentState<DirectoryState> state) : Grain, IStorageDirectoryGrain
{
    public Task<DirectoryEntry?> GetAsync(string path) => Task.FromResult(state.State.Entries.GetValueOrDefault(path));

    public Task<string[]> ListAsync() => Task.FromResult(state.State.Entries.Keys.Order(StringComparer.Ordinal).ToArray());

    public Task<int> CountAsync() => Task.FromResult(state.State.Entries.Count);

    public Task<ulong> NextNonceAsync() => Task.FromResult(state.State.NextNonce);

    public async Task<DirectoryEntry?> ApplyAsync(DirectoryWrite write)
    {
        var (owner, chainId) = Key();
        var problem = WriteCheck.Problem(write, owner, chainId, state.State.NextNonce);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }
        if (write.Remove && !state.State.Entries.ContainsKey(write.Path))
        {
            throw new ArgumentException($"remove {write.Path}: no such file in {StorageKeys.Url(write.Owner, chainId, "/")}");
        }
        // Copy-on-write: a failed state write leaves the previous directory in memory as well as in storage.
        var next = new DirectoryState { Entries = new(state.State.Entries, StringComparer.Ordinal), NextNonce = write.Nonce + 1 };
        DirectoryEntry? entry = null;
        if (write.Remove)
        {
            next.Entries.Remove(write.Path);
        }
        else
        {
            entry = new DirectoryEntry(owner.ToString(), chainId, write.Path, write.Length, write.Roots, write.Nonce, write.Signature);
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

    private (Address Owner, ulong ChainId) Key()
    {
        var key = this.GetPrimaryKeyString();
        var colon = key.LastIndexOf(':');
        return (Address.Parse(key[..colon]), ulong.Parse(key.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
