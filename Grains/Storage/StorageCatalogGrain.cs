using Wsc.Grains.Interfaces.Storage;

namespace Wsc.Grains.Storage;

/// <summary>The directory list: one small state holding directory keys, written only when a new directory appears.</summary>
public sealed class StorageCatalogGrain(
    [PersistentState("storage-catalog", "wsc")] IPersistentState<StorageCatalogState> state) : Grain, IStorageCatalogGrain
{
    public async Task AddAsync(string directoryKey)
    {
        if (state.State.Directories.Contains(directoryKey))
        {
            return;
        }
        var next = new StorageCatalogState { Directories = new(state.State.Directories, StringComparer.Ordinal) { directoryKey } };
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
    }

    public Task<string[]> ListAsync() => Task.FromResult(state.State.Directories.ToArray());
}
