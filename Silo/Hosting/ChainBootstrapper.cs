using Microsoft.Extensions.Options;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Silo.Hosting;

/// <summary>
/// After the silo starts: checks the node (reachable, right chain id) and starts the chain follower, then keeps
/// poking it (and the zkGraph registry, whose timer settles and delivers outputs) so that after a silo failure or a
/// restart both re-activate within seconds.
/// </summary>
public sealed class ChainBootstrapper(
    IGrainFactory grains,
    EthereumEndpoint endpoint,
    IEthereumSourceFactory sources,
    IOptions<EthereumOptions> options,
    ReadinessState readiness,
    ILogger<ChainBootstrapper> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, o.StartupTimeoutSeconds)));
        (Uri Rpc, Uri? Ws) ep;
        try
        {
            ep = await endpoint.WhenReadyAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StartupException($"no Ethereum endpoint became available within {o.StartupTimeoutSeconds} s");
        }
        ulong reported;
        await using (var source = await sources.CreateAsync(timeout.Token))
        {
            reported = await ReachNodeAsync(source, ep.Rpc, o, timeout.Token, cancellationToken);
        }
        if (reported != o.ChainId)
        {
            throw new StartupException($"Ethereum:ChainId is {o.ChainId} but the node at {ep.Rpc} reports chain id {reported}");
        }
        await grains.GetGrain<IChainGrain>(o.ChainKey).StartAsync();
        readiness.Ready();
        logger.LogInformation("Following chain {Chain} at {Rpc}", o.ChainKey, ep.Rpc);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var chain = grains.GetGrain<IChainGrain>(options.Value.ChainKey);
        var registry = grains.GetGrain<Wsc.Grains.Interfaces.ZkGraphs.IZkGraphRegistryGrain>(options.Value.ChainKey);
        var failing = new Wsc.Grains.Logging.RepeatedWarning(logger, "Chain follower keep-alive failed");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3), stoppingToken);
                await chain.StartAsync();
                // The zkGraph registry's settle timer delivers final outputs and drives backfills; ticks keep it active,
                // but a restarted silo on an idle chain gets none, and its pending automation would wait for the next block.
                await registry.SubscriptionsAsync();
                failing.Clear();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failing.Report(e.Message.ReplaceLineEndings(" "));
            }
        }
    }

    private static async Task<ulong> ReachNodeAsync(IEthereumSource source, Uri rpc, EthereumOptions o, CancellationToken timeout, CancellationToken stop)
    {
        Exception? last = null;
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                return await source.ChainIdAsync(timeout);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                last = e;
                try
                {
                    await Task.Delay(500, timeout);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        throw new StartupException($"cannot reach the Ethereum node at {rpc} within {o.StartupTimeoutSeconds} s: {SiloHost.OneLine(last ?? new TimeoutException("timed out"))}");
    }
}
