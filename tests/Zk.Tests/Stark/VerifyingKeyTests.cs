using System.Diagnostics;
using Wsc.Zk.Examples;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

public sealed class VerifyingKeyTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    // magic (8) + version (2) + options (7) + table count (4): the first table's log height.
    private const int FirstLogHeightOffset = 21;

    [Fact]
    public void A_key_allows_a_range_of_heights_and_refuses_the_rest()
    {
        var air = FibonacciAir.System();
        var key = VerifyingKey.Create(air, [new HeightRange(3, 8)], Options);
        foreach (int log in new[] { 3, 6, 8 })
        {
            var (trace, pub) = FibonacciAir.Trace(log);
            var bytes = StarkProver.Prove(air, [trace], pub, Options).Encode();
            Assert.True(StarkVerifier.Verify(air, key, pub, bytes).IsValid);
        }
        var (small, smallPub) = FibonacciAir.Trace(2);
        var r = StarkVerifier.Verify(air, key, smallPub, StarkProver.Prove(air, [small], smallPub, Options).Encode());
        Assert.False(r.IsValid);
        Assert.Contains("2^3..2^8", r.Reason);
    }

    [Fact]
    public void A_two_to_the_thirty_row_claim_is_refused_in_milliseconds_without_allocating_for_it()
    {
        var air = FibonacciAir.System();
        var key = VerifyingKey.Create(air, [new HeightRange(1, 20)], Options);
        var (trace, pub) = FibonacciAir.Trace(4);
        var bytes = StarkProver.Prove(air, [trace], pub, Options).Encode();
        Assert.Equal(4, bytes[FirstLogHeightOffset]);
        bytes[FirstLogHeightOffset] = 30;
        StarkVerifier.Verify(air, key, pub, bytes); // warm up (JIT)
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var result = StarkVerifier.Verify(air, key, pub, bytes);
        sw.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.False(result.IsValid);
        Assert.Contains("claims 2^30 rows", result.Reason);
        Assert.True(sw.ElapsedMilliseconds < 50, $"took {sw.ElapsedMilliseconds} ms");
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_key_survives_its_encoding_and_still_verifies()
    {
        var air = RangeCheckAir.System();
        var traces = RangeCheckAir.Traces([9, 8, 7]);
        var bytes = StarkProver.Prove(air, traces, [], Options).Encode();
        var key = VerifyingKey.Decode(VerifyingKey.Create(air, [new HeightRange(1, 17), HeightRange.Exactly(16)], Options).Encode());
        Assert.Equal([16], key.PreprocessedHeights);
        Assert.True(StarkVerifier.Verify(air, key, [], bytes).IsValid);
        Assert.Equal(key.Encode(), VerifyingKey.Decode(key.Encode()).Encode());
    }

    [Fact]
    public void A_key_for_another_air_or_other_options_is_refused()
    {
        var air = FibonacciAir.System();
        var (trace, pub) = FibonacciAir.Trace(4);
        var bytes = StarkProver.Prove(air, [trace], pub, Options).Encode();
        var otherAir = VerifyingKey.Create(WideAir.System(2), [4], Options);
        var r = StarkVerifier.Verify(air, otherAir, pub, bytes);
        Assert.False(r.IsValid);
        Assert.Contains("another AIR", r.Reason);
        var otherOptions = VerifyingKey.Create(air, [4], Options with { Queries = Options.Queries + 1 });
        Assert.Contains("options", StarkVerifier.Verify(air, otherOptions, pub, bytes).Reason);
    }

    [Fact]
    public void Bad_keys_and_policies_are_refused_with_a_reason()
    {
        var air = RangeCheckAir.System();
        var e = Assert.Throws<ArgumentException>(() => VerifyingKey.Create(air, [new HeightRange(1, 4), new HeightRange(1, 16)], Options));
        Assert.Contains("fixed at 2^16", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => VerifyingKey.Create(FibonacciAir.System(), [new HeightRange(5, 29)], Options));
        Assert.Contains("fibonacci", e2.Message, StringComparison.OrdinalIgnoreCase);
        var encoded = VerifyingKey.Create(FibonacciAir.System(), [4], Options).Encode();
        Assert.Throws<ProofFormatException>(() => VerifyingKey.Decode(encoded.AsSpan(0, encoded.Length - 1)));
        Assert.Throws<ProofFormatException>(() => VerifyingKey.Decode([.. encoded, 0]));
        var g = Assert.Throws<ProofFormatException>(() => VerifyingKey.Decode(new byte[40]));
        Assert.StartsWith("verifying key: bad magic", g.Message);
    }
}
