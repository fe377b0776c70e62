using Orleans.Runtime.Placement;

namespace Wsc.Grains.Proving;

/// <summary>The director of <see cref="ProverPlacement"/>.</summary>
public sealed class ProverPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        if (silos.Length == 0)
        {
            throw new OrleansException($"no compatible silo for {target.GrainIdentity}");
        }
        var n = ProverKeys.Number(target.GrainIdentity.Key.ToString()!) ?? 0;
        return Task.FromResult(silos[n % silos.Length]);
    }
}
