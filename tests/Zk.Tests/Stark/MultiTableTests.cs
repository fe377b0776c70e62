using Wsc.Zk.Examples;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

public sealed class MultiTableTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    [Fact]
    public void Range_check_verifies_with_an_explicit_verifying_key_and_rejects_a_wrong_one()
    {
        var air = RangeCheckAir.System();
        var traces = RangeCheckAir.Traces([9, 8, 7]);
        var bytes = StarkProver.Prove(air, traces, [], Options).Encode();
        var key = VerifyingKey.Create(air, [2, 16], Options);
        Assert.True(StarkVerifier.Verify(air, [], bytes, Options, key).IsValid);
        var otherHeights = VerifyingKey.Create(air, [3, 16], Options);
        Assert.False(StarkVerifier.Verify(air, [], bytes, Options, otherHeights).IsValid);
        var encoded = key.Encode();
        encoded[^1] ^= 1; // the key ends with its one preprocessed root
        var wrongRoot = VerifyingKey.Decode(encoded);
        var r = StarkVerifier.Verify(air, [], bytes, Options, wrongRoot);
        Assert.False(r.IsValid);
        Assert.Contains("preprocessed", r.Reason);
    }

    [Fact]
    public void A_sum_table_that_receives_a_value_nobody_sent_is_refused()
    {
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        // Receive (3, 10) instead of (3, 9): the constraints of both tables still hold, only the bus is unbalanced.
        int row = Array.IndexOf(traces[1][0], 3UL);
        traces[1][1][row] = 10;
        for (int i = row; i < traces[1][3].Length; i++)
            traces[1][3][i] = Goldilocks.Add(traces[1][3][i], traces[1][2][row]);
        pub[0] = traces[1][3][^1];
        var e = Assert.Throws<InvalidOperationException>(() => StarkProver.Prove(SquaresBusAir.System(), traces, pub, Options));
        Assert.Contains("balance", e.Message);
    }

    [Fact]
    public void Mutations_of_a_two_table_bus_proof_are_rejected_cleanly()
    {
        var air = SquaresBusAir.System();
        var (traces, pub) = SquaresBusAir.Traces(3, 5);
        var bytes = StarkProver.Prove(air, traces, pub, Options).Encode();
        Assert.True(StarkVerifier.Verify(air, pub, bytes, Options).IsValid);
        var rng = new Random(99);
        for (int i = 0; i < 1500; i++)
        {
            var copy = (byte[])bytes.Clone();
            int at = rng.Next(copy.Length);
            copy[at] ^= (byte)rng.Next(1, 256);
            var result = StarkVerifier.Verify(air, pub, copy, Options);
            Assert.False(result.IsValid, $"mutation at byte {at} was accepted");
        }
    }

    [Fact]
    public void A_proof_for_one_table_order_does_not_verify_for_the_swapped_system()
    {
        var (traces, pub) = SquaresBusAir.Traces(3, 5);
        var bytes = StarkProver.Prove(SquaresBusAir.System(), traces, pub, Options).Encode();
        var swapped = new Wsc.Zk.Air.AirSystem("squares-bus", [new SquaresBusAir.SumTable(), new SquaresBusAir.SquaresTable()]);
        Assert.False(StarkVerifier.Verify(swapped, pub, bytes, Options).IsValid);
    }

    [Fact]
    public void Malformed_traces_are_refused_with_the_table_named()
    {
        var air = SquaresBusAir.System();
        var (traces, pub) = SquaresBusAir.Traces(3, 5);
        traces[0][1] = new ulong[5];
        var e = Assert.Throws<ArgumentException>(() => StarkProver.Prove(air, traces, pub, Options));
        Assert.Contains("squares", e.Message);
        var (good, _) = SquaresBusAir.Traces(3, 5);
        good[1][0][0] = Goldilocks.P;
        var e2 = Assert.Throws<ArgumentException>(() => StarkProver.Prove(air, good, pub, Options));
        Assert.Contains("not a field element", e2.Message);
    }
}
