using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.ZkGraphs;

namespace Wsc.Grains.Tests.ZkGraphs;

public sealed class ZkGraphFinalityRuleTests
{
    private static ZkGraphOutput At(ulong n, ZkGraphOutputStatus s = ZkGraphOutputStatus.Executed) =>
        new("0x01", n, "0x02", s, [], 0, null, 1, "", null, [], DateTime.UtcNow);

    [Theory]
    [InlineData("latest", 100, true)]
    [InlineData("safe", 90, true)]
    [InlineData("safe", 91, false)]
    [InlineData("finalized", 80, true)]
    [InlineData("finalized", 81, false)]
    [InlineData("confirmations:3", 97, true)]
    [InlineData("confirmations:3", 98, false)]
    public void An_output_is_final_by_its_graphs_finality(string finality, ulong block, bool final)
    {
        var status = ZkGraphFinalityRule.Status(At(block), finality, head: 100, safe: 90, finalized: 80);
        Assert.Equal(final ? ZkGraphOutputStatus.Final : ZkGraphOutputStatus.Executed, status);
    }

    [Fact]
    public void Orphaned_and_failed_outputs_keep_their_status()
    {
        Assert.Equal(ZkGraphOutputStatus.Orphaned, ZkGraphFinalityRule.Status(At(1, ZkGraphOutputStatus.Orphaned), "latest", 100, 90, 80));
        Assert.Equal(ZkGraphOutputStatus.Failed, ZkGraphFinalityRule.Status(At(1, ZkGraphOutputStatus.Failed), "latest", 100, 90, 80));
    }

    [Theory]
    [InlineData("latest", 100UL)]
    [InlineData("safe", 90UL)]
    [InlineData("finalized", 80UL)]
    [InlineData("confirmations:3", 97UL)]
    [InlineData("confirmations:50", 80UL)]
    [InlineData("bogus", 80UL)]
    public void The_settle_bound_is_the_highest_final_block(string finality, ulong through) =>
        Assert.Equal(through, ZkGraphFinalityRule.FinalThrough(finality, head: 100, safe: 90, finalized: 80));

    [Fact]
    public void Nothing_is_final_before_the_chain_reports_heights()
    {
        Assert.Null(ZkGraphFinalityRule.FinalThrough("finalized", head: 100, safe: 90, finalized: null));
        Assert.Null(ZkGraphFinalityRule.FinalThrough("safe", head: 100, safe: null, finalized: null));
        Assert.Null(ZkGraphFinalityRule.FinalThrough("confirmations:5", head: 3, safe: null, finalized: null));
        Assert.Null(ZkGraphFinalityRule.FinalThrough("latest", head: null, safe: null, finalized: null));
        Assert.Equal(0UL, ZkGraphFinalityRule.FinalThrough("confirmations:5", head: 5, safe: null, finalized: null));
    }
}
