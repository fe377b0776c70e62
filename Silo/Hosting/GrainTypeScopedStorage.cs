using Orleans.Storage;

namespace Wsc.Silo.Hosting;

/// <summary>
/// Wraps the ADO.NET grain storage so each row is named by grain type and state name, not state name alone.
/// The 10.x provider identifies a row by (state name, grain key) only, so two grain types with the same key and
/// the same state name (say "state") would share one row and fight over its version; in-memory storage keys by the
/// full grain id, so without this the production profile would behave differently from development.
/// </summary>
internal sealed class GrainTypeScopedStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(Scoped(stateName, grainId), grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(Scoped(stateName, grainId), grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(Scoped(stateName, grainId), grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(Scoped(stateName, grainId), grainId, grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(Scoped(stateName, grainId), grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(Scoped(stateName, grainId), grainId, grainState, cancellationToken);

    // The provider initialises itself (reads its OrleansQuery rows) as a silo lifecycle participant.
    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>The row name: "graintype/statename", e.g. "chain/cursor".</summary>
    internal static string Scoped(string stateName, GrainId grainId) => $"{grainId.Type}/{stateName}";
}
