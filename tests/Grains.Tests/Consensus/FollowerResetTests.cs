using Wsc.Grains.Consensus;

namespace Wsc.Grains.Tests.Consensus;

public sealed class FollowerResetTests
{
    private static FollowerState Halted() => new()
    {
        Cursor = 10,
        Window = new() { [8] = "0x08", [9] = "0x09", [10] = "0x10" },
        FinalizedTicked = 2,
        Finalized = 2,
        Reorgs = 1,
        Halted = "a reorg deeper than 3 blocks",
    };

    [Fact]
    public void Apply_moves_the_cursor_below_from_with_the_nodes_parent_as_the_only_window_entry_and_clears_the_halt()
    {
        var s = Halted();

        FollowerReset.Apply(s, 6, 0, "0x05new");

        Assert.Equal(5UL, s.Cursor);
        Assert.Equal(new Dictionary<ulong, string> { [5] = "0x05new" }, s.Window);
        Assert.Null(s.Halted);
        Assert.Equal(2UL, s.FinalizedTicked);
        Assert.Equal(1UL, s.Reorgs);
    }

    [Fact]
    public void From_the_start_block_the_cursor_is_empty_again()
    {
        var s = Halted();
        s.FinalizedTicked = null;

        FollowerReset.Apply(s, 3, 3, null);

        Assert.Null(s.Cursor);
        Assert.Empty(s.Window);
        Assert.Null(s.Halted);
    }

    [Theory]
    [InlineData(2UL, "at or below the last final tick 2")]
    [InlineData(1UL, "at or below the last final tick 2")]
    [InlineData(12UL, "past the next block to tick (11)")]
    public void Refuses_rewriting_final_ticks_and_skipping_blocks(ulong from, string reason)
    {
        var s = Halted();

        var e = Assert.Throws<InvalidOperationException>(() => FollowerReset.Apply(s, from, 0, "0xparent"));

        Assert.Contains(reason, e.Message);
        Assert.Equal(10UL, s.Cursor);
        Assert.NotNull(s.Halted);
    }

    [Fact]
    public void Refuses_a_running_follower_and_a_block_below_the_start()
    {
        var running = Halted();
        running.Halted = null;
        Assert.Contains("not halted", Assert.Throws<InvalidOperationException>(() => FollowerReset.Check(running, 6, 0)).Message);
        Assert.Contains("below Ethereum:StartBlock 5", Assert.Throws<InvalidOperationException>(() => FollowerReset.Check(Halted(), 4, 5)).Message);
        // From the cursor + 1 is allowed: the tick at the cursor is then the parent.
        FollowerReset.Check(Halted(), 11, 0);
    }

    [Fact]
    public void A_reset_above_the_start_needs_the_parent_hash()
    {
        var s = Halted();
        Assert.Throws<ArgumentException>(() => FollowerReset.Apply(s, 6, 0, null));
        Assert.Equal(3, s.Window.Count);
        Assert.NotNull(s.Halted);
    }
}
