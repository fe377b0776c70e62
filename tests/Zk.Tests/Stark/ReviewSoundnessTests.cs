using Wsc.Zk.Examples;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// Cryptography review (rev-stark): each test states the behaviour a sound verifier must have. They FAIL on main at
/// 2d22caa, demonstrating the defect, and pass once it is fixed.
/// </summary>
public sealed class ReviewSoundnessTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    [Fact]
    public void A_non_canonical_public_input_is_rejected()
    {
        // The trace starts at a0 = 1. The statement claims a0 = 1 + p (a different u64, < 2^64). The transcript absorbs
        // the raw u64 while the boundary constraint reduces it mod p, so an honest-looking proof of the aliased
        // statement verifies: any u64 public input v < 2^32 − 1 also "proves" v + p.
        var air = FibonacciAir.System();
        var (trace, pub) = FibonacciAir.Trace(4);
        Assert.Equal(1UL, pub[0]);
        var alias = (ulong[])pub.Clone();
        alias[0] = 1 + Goldilocks.P;
        // The prover refuses to spell a statement non-canonically ...
        var refused = Assert.Throws<ArgumentException>(() => StarkProver.Prove(air, [trace], alias, Options));
        Assert.Contains("not a canonical field element", refused.Message);
        // ... and the verifier refuses the alias of a valid statement, whatever proof comes with it.
        var proof = StarkProver.Prove(air, [trace], pub, Options);
        Assert.True(StarkVerifier.Verify(air, pub, proof.Encode(), Options).IsValid);
        var result = StarkVerifier.Verify(air, alias, proof.Encode(), Options);
        Assert.False(result.IsValid, "verifier accepted a0 = 1 + p = 18446744069414584322 for a trace starting at 1");
        Assert.Contains("not a canonical field element", result.Reason);
    }

    [Fact]
    public void A_verifying_key_pins_the_table_heights_even_without_preprocessed_columns()
    {
        // The caller builds a key for a 2^6-row Fibonacci; the prover sends a 2-row one (fib "result" a0 + b0). The key's
        // heights are only compared when the AIR has preprocessed columns, so the height the caller asked for is ignored
        // and Verify(bytes) gives the caller no other way to see or pin it.
        var air = FibonacciAir.System();
        var key = VerifyingKey.Create(air, [6], Options);
        var (trace, pub) = FibonacciAir.Trace(1);
        Assert.Equal(new ulong[] { 1, 1, 2 }, pub);
        var proof = StarkProver.Prove(air, [trace], pub, Options);
        var result = StarkVerifier.Verify(air, pub, proof.Encode(), Options, key);
        Assert.False(result.IsValid, "verifier accepted a 2-row proof under a key made for 2^6 rows");
    }
}
