namespace Wsc.Grains.Consensus;

/// <summary>Creates the source a chain grain follows (the silo's endpoint in production; a fault injector in tests).</summary>
public interface IEthereumSourceFactory
{
    /// <summary>A source for the configured node.</summary>
    Task<IEthereumSource> CreateAsync(CancellationToken ct);
}
