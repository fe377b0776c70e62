using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>Sends the follower's decisions to the tick grains of one chain.</summary>
public sealed class GrainTickSink(IGrainFactory grains, string chain) : ITickSink
{
    public Task<TickRecord> TickAsync(VerifiedBlock block, bool final) =>
        Tick(block.Header.Number).ProcessAsync(new TickInput(
            block.Header.Number, block.Header.Hash, block.Header.Rlp, block.Receipts, block.Header.SeenUtc, final));

    public Task RetractAsync(ulong number, string hash) => Tick(number).RetractAsync(hash);

    public async Task<string?> CanonicalHashAsync(ulong number) =>
        (await Tick(number).GetRecordsAsync()).FirstOrDefault(r => r.Status != TickState.Orphaned)?.Hash;

    public Task FinalizeAsync(ulong number, string hash) => Tick(number).FinalizeAsync(hash);

    private IBlockTickGrain Tick(ulong number) => grains.GetGrain<IBlockTickGrain>(ChainKeys.Tick(chain, number));
}
