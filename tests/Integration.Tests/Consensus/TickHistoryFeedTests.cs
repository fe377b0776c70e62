using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Streams;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Consensus;

/// <summary>
/// History recorded in bulk while catching up is published on the tick-history feed (one array per bulk recording,
/// in block order), and live ticks on the ticks feed: a client subscribed to both sees every block of the chain.
/// </summary>
public sealed class TickHistoryFeedTests
{
    [Fact]
    public async Task A_follower_catching_up_publishes_its_history_and_then_its_live_ticks()
    {
        using var anvil = new AnvilNode();
        await anvil.MineAsync(300);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:StartPaused", "true"));
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var provider = conn.Client.GetStreamProvider(LiveFeeds.Provider);
        var history = new ConcurrentQueue<TickRecord[]>();
        var live = new ConcurrentQueue<TickRecord>();
        var h = await provider.GetStream<TickRecord[]>(StreamId.Create(LiveFeeds.TickHistoryNamespace, "eth-31337")).SubscribeAsync((items, _) =>
        {
            history.Enqueue(items);
            return Task.CompletedTask;
        });
        var l = await provider.GetStream<TickRecord>(StreamId.Create(LiveFeeds.TicksNamespace, "eth-31337")).SubscribeAsync((item, _) =>
        {
            live.Enqueue(item);
            return Task.CompletedTask;
        });

        await silo.Chain.ResumeAsync();
        var head = 300UL;
        await silo.WaitForHeadAsync(head);
        await anvil.MineAsync(2);
        await silo.WaitForHeadAsync(head + 2);
        await InProcessSilo.WaitUntilAsync(() => Task.FromResult(
            history.SelectMany(x => x).Select(r => r.Number).Concat(live.Select(r => r.Number)).Distinct().Count() == (int)head + 3), 30,
            "every block on the feeds");

        // Most of the chain was history (the follower ticks only the last few blocks live); each array in block order.
        var fromHistory = history.SelectMany(x => x).ToList();
        Assert.True(fromHistory.Count >= 250, $"only {fromHistory.Count} blocks came as history");
        Assert.All(history, items => Assert.Equal(items.Select(r => r.Number).Order(), items.Select(r => r.Number)));
        Assert.Equal(fromHistory.Count, fromHistory.Select(r => r.Hash).Distinct().Count());
        Assert.Contains(live, r => r.Number == head + 2);
        // What the feeds carried is what the ledger recorded.
        var ledger = (await silo.Chain.GetTicksAsync(0, 255)).Concat(await silo.Chain.GetTicksAsync(256, head + 2)).ToDictionary(r => r.Number);
        Assert.All(fromHistory, r => Assert.Equal(ledger[r.Number].Hash, r.Hash));
        await h.UnsubscribeAsync();
        await l.UnsubscribeAsync();
    }
}
