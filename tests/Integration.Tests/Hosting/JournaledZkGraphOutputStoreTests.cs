using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Silo.Development;

namespace Wsc.Integration.Tests.Hosting;

/// <summary>The development zkGraph outputs journal: saves, orphans and finals come back after a restart; a torn last line is skipped.</summary>
public sealed class JournaledZkGraphOutputStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("wsc-outputs-journal-");

    public void Dispose() => _dir.Delete(true);

    private static ZkGraphOutput Output(ulong n, string hash) => new("0xg", n, hash, ZkGraphOutputStatus.Executed, [(byte)n, 1], 0, null, 100 + (long)n,
        "0xd" + n, null, [], new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task Saves_orphans_and_finals_replay_into_the_same_outputs_and_a_torn_line_is_skipped()
    {
        var path = Path.Combine(_dir.FullName, "zkgraph-outputs.journal");
        IReadOnlyList<ZkGraphOutput> before;
        using (var store = new JournaledZkGraphOutputStore(path))
        {
            await store.SaveAsync([Output(1, "0xa1"), Output(2, "0xa2"), Output(3, "0xa3")]);
            await store.SaveAsync([Output(2, "0xa2") with { Destinations = ["storage web3://x: written (nonce 0)"] }]);
            Assert.Equal(1, await store.OrphanAsync(3, "0xa3"));
            Assert.Equal(2, (await store.FinalizeAsync("0xg", 2)).Count);
            before = await store.RangeAsync("0xg", 0, 10);
        }
        await File.AppendAllTextAsync(path, "{\"Op\":\"save\",\"Outp");
        using var reopened = new JournaledZkGraphOutputStore(path);
        Assert.Equal(4, reopened.Replayed);
        var after = await reopened.RangeAsync("0xg", 0, 10);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Number, after[i].Number);
            Assert.Equal(before[i].Status, after[i].Status);
            Assert.Equal(before[i].Output, after[i].Output);
            Assert.Equal(before[i].Destinations, after[i].Destinations);
            Assert.Equal(before[i].RecordedUtc, after[i].RecordedUtc);
        }
        Assert.Equal([ZkGraphOutputStatus.Final, ZkGraphOutputStatus.Final, ZkGraphOutputStatus.Orphaned], after.Select(o => o.Status));

        // Written after the torn line: on a line of its own, so it replays too.
        await reopened.SaveAsync([Output(4, "0xa4")]);
        reopened.Dispose();
        using var third = new JournaledZkGraphOutputStore(path);
        Assert.Equal(5, third.Replayed);
        Assert.Equal(4, (await third.RangeAsync("0xg", 0, 10)).Count);
    }
}
