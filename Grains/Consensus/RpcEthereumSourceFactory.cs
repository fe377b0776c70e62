using Microsoft.Extensions.Options;
using Wsc.Chain.Rpc;

namespace Wsc.Grains.Consensus;

/// <summary>Creates <see cref="RpcEthereumSource"/>s for the silo's endpoint once it is known.</summary>
public sealed class RpcEthereumSourceFactory(EthereumEndpoint endpoint, IOptions<RpcOptions>? rpcOptions = null) : IEthereumSourceFactory
{
    public async Task<IEthereumSource> CreateAsync(CancellationToken ct)
    {
        var (rpc, ws) = await endpoint.WhenReadyAsync(ct);
        return new RpcEthereumSource(new EthRpcClient(rpc, rpcOptions?.Value ?? new RpcOptions()), ws);
    }
}
