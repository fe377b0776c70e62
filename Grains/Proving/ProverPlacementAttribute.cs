using Orleans.Placement;

namespace Wsc.Grains.Proving;

/// <summary>Marks a grain class for <see cref="ProverPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ProverPlacementAttribute() : PlacementAttribute(ProverPlacement.Instance);
