namespace Wsc.Zk.Tests.Stark;

public sealed class AirSystemValidationTests
{
    private sealed class Sender(int bus, int values) : Wsc.Zk.Air.TableAir
    {
        public override string Name => $"sender{bus}-{values}";
        public override int MainWidth => 2;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [];
        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) { }
        public override IReadOnlyList<Wsc.Zk.Air.Interaction> Interactions =>
            [Wsc.Zk.Air.Interaction.Send(bus, Wsc.Zk.Air.LinearExpression.Const(1), [.. Enumerable.Range(0, values).Select(i => (Wsc.Zk.Air.LinearExpression)i)])];
    }

    [Fact]
    public void Interactions_on_one_bus_must_carry_the_same_number_of_values()
    {
        var e = Assert.Throws<ArgumentException>(() => new Wsc.Zk.Air.AirSystem("bad", [new Sender(3, 1), new Sender(3, 2)]));
        Assert.Contains("bus 3", e.Message);
        _ = new Wsc.Zk.Air.AirSystem("ok", [new Sender(3, 1), new Sender(4, 2)]);
    }

    [Fact]
    public void An_interaction_reading_outside_the_frame_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Wsc.Zk.Air.AirSystem("bad", [new Sender(1, 3)]));
        Assert.Contains("outside", e.Message);
    }
}
