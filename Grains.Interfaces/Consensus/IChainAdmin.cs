namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>
/// Operator overrides on a chain follower, served by the chain grain's activation itself (a grain extension):
/// call through <c>grainFactory.GetGrain&lt;IChainGrain&gt;(key).AsReference&lt;IChainAdmin&gt;()</c>.
/// </summary>
[Alias("wsc.IChainAdmin")]
public interface IChainAdmin : IGrainExtension
{
    /// <summary>
    /// Restarts a halted follower at block <paramref name="from"/> with a fresh cursor: ticks from there up are
    /// orphaned and the node's chain is ticked again from <paramref name="from"/>. Refused unless the follower is
    /// halted, <paramref name="from"/> is above the last final tick and the tick at from-1 is the node's block there.
    /// </summary>
    [Alias("ResetFrom")]
    Task<ChainResetResult> ResetFromAsync(ulong from);
}
