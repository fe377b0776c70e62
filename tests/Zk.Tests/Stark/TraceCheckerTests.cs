using Wsc.Zk.Examples;

namespace Wsc.Zk.Tests.Stark;

public sealed class TraceCheckerTests
{
    [Fact]
    public void Honest_traces_pass_and_each_kind_of_violation_is_named()
    {
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        var air = SquaresBusAir.System();
        Assert.Null(Wsc.Zk.Air.TraceChecker.Check(air, traces, pub));

        var (t1, p1) = SquaresBusAir.Traces(4, 6);
        t1[0][0][5] = 99;
        Assert.Contains("transition constraint 0 fails at row 4", Wsc.Zk.Air.TraceChecker.Check(air, t1, p1));

        var (t2, p2) = SquaresBusAir.Traces(4, 6);
        t2[0][1][15] = 1;
        Assert.Contains("row constraint 0 fails at row 15", Wsc.Zk.Air.TraceChecker.Check(air, t2, p2));

        var (t3, p3) = SquaresBusAir.Traces(4, 6);
        p3[0] = 1;
        Assert.Contains("boundary constraint on column 3", Wsc.Zk.Air.TraceChecker.Check(air, t3, p3));

        var range = RangeCheckAir.System();
        Assert.Null(Wsc.Zk.Air.TraceChecker.Check(range, RangeCheckAir.Traces([1, 2, 3]), []));
        Assert.Contains("does not balance", Wsc.Zk.Air.TraceChecker.Check(range, RangeCheckAir.Traces([1, 70000]), []));
    }
}
