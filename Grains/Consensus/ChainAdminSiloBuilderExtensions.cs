using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>Installs the chain grain's operator overrides (<see cref="IChainAdmin"/>) on a silo.</summary>
public static class ChainAdminSiloBuilderExtensions
{
    /// <summary>Adds <see cref="ChainAdminExtension"/> as the <see cref="IChainAdmin"/> extension (every silo: the chain grain may live on any).</summary>
    public static ISiloBuilder AddWscChainAdmin(this ISiloBuilder silo) => silo.AddGrainExtension<IChainAdmin, ChainAdminExtension>();
}
