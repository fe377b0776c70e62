namespace Wsc.Integration.Tests.Db;

/// <summary>Same state name and storage as <see cref="CounterTestGrain"/>, different grain type.</summary>
public sealed class SecondCounterTestGrain([PersistentState("counter", "wsc")] IPersistentState<CounterTestState> state)
    : Grain, ISecondCounterTestGrain
{
    public async Task<int> Add(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }
}
