namespace Wsc.Integration.Tests.Db;

/// <summary>Adds to a persistent count: every Add is written through before it returns.</summary>
public sealed class CounterTestGrain([PersistentState("counter", "wsc")] IPersistentState<CounterTestState> state)
    : Grain, ICounterTestGrain
{
    public async Task<int> Add(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task Clear() => state.ClearStateAsync();
}
