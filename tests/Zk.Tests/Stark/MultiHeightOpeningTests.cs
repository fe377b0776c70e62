using Wsc.Zk.Examples;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// A proof's per-phase multi-height openings (one tree across the 2^8, 2^5 and 2^3-row tables): tampering with a
/// sibling, a row, the number of matrices or the bytes is refused with a reason naming the opening; the size
/// breakdown adds up to the encoding.
/// </summary>
public sealed class MultiHeightOpeningTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    private static readonly Lazy<(Air.AirSystem Air, StarkProof Proof, ulong[] Pub)> Honest = new(() =>
    {
        var (air, traces, pub) = WideAir.Mixed(4, 8, 5, 3);
        return (air, StarkProver.Prove(air, traces, pub, Options), pub);
    });

    private static VerificationResult Verify(StarkProof proof)
    {
        var (air, _, pub) = Honest.Value;
        return StarkVerifier.Verify(air, pub, proof, Options);
    }

    private static MultiHeightOpening Copy(MultiHeightOpening o) => new([.. o.Rows.Select(r => (ulong[])r.Clone())], (byte[])o.Siblings.Clone());

    [Fact]
    public void The_honest_proof_opens_one_tree_per_phase_across_three_heights()
    {
        var proof = Honest.Value.Proof;
        Assert.True(Verify(proof).IsValid, Verify(proof).Reason);
        Assert.Equal(3, proof.MainOpening.Rows.Length);
        Assert.Equal(3, proof.CompositionOpening.Rows.Length);
        Assert.Null(proof.AuxOpening);
    }

    [Fact]
    public void A_flipped_sibling_is_rejected()
    {
        var proof = Honest.Value.Proof;
        var main = Copy(proof.MainOpening);
        main.Siblings[5] ^= 1;
        var r = Verify(proof with { MainOpening = main });
        Assert.False(r.IsValid);
        Assert.Contains("main opening does not match its Merkle root", r.Reason);
    }

    [Fact]
    public void A_missing_or_extra_sibling_is_rejected()
    {
        var proof = Honest.Value.Proof;
        var comp = Copy(proof.CompositionOpening);
        var r = Verify(proof with { CompositionOpening = comp with { Siblings = comp.Siblings[..^32] } });
        Assert.False(r.IsValid);
        Assert.Contains("composition opening", r.Reason);
        r = Verify(proof with { CompositionOpening = comp with { Siblings = [.. comp.Siblings, .. comp.Siblings[..32]] } });
        Assert.False(r.IsValid);
        Assert.Contains("left over", r.Reason);
    }

    [Fact]
    public void A_wrong_row_value_in_the_shortest_table_is_rejected()
    {
        var proof = Honest.Value.Proof;
        var main = Copy(proof.MainOpening);
        main.Rows[2][1] = Goldilocks.Add(main.Rows[2][1], 1);
        var r = Verify(proof with { MainOpening = main });
        Assert.False(r.IsValid);
        Assert.Contains("main opening does not match its Merkle root", r.Reason);
    }

    [Fact]
    public void A_dropped_matrix_or_row_is_rejected()
    {
        var proof = Honest.Value.Proof;
        var main = Copy(proof.MainOpening);
        var r = Verify(proof with { MainOpening = main with { Rows = main.Rows[..2] } });
        Assert.Contains("main opening has 2 matrices, expected 3", r.Reason);
        r = Verify(proof with { MainOpening = main with { Rows = [main.Rows[0], main.Rows[1][..^4], main.Rows[2]] } });
        Assert.False(r.IsValid);
        Assert.Contains("main opening of the tables of 2^7 LDE points", r.Reason);
    }

    [Fact]
    public void Truncated_or_extended_bytes_are_rejected()
    {
        var (air, proof, pub) = Honest.Value;
        var bytes = proof.Encode();
        // The last field is the last FRI layer's siblings: its count no longer fits the bytes left.
        var r = StarkVerifier.Verify(air, pub, bytes.AsSpan(0, bytes.Length - 1), Options);
        Assert.Contains("FRI layer siblings count", r.Reason);
        r = StarkVerifier.Verify(air, pub, bytes.AsSpan(0, bytes.Length / 2), Options);
        Assert.False(r.IsValid);
        r = StarkVerifier.Verify(air, pub, [.. bytes, 0], Options);
        Assert.Contains("trailing", r.Reason);
        Assert.True(StarkVerifier.Verify(air, pub, bytes, Options).IsValid);
    }

    [Fact]
    public void The_decoder_refuses_an_opening_of_no_matrix()
    {
        var proof = Honest.Value.Proof;
        var bytes = (proof with { MainOpening = new MultiHeightOpening([], proof.MainOpening.Siblings) }).Encode();
        var e = Assert.Throws<ProofFormatException>(() => StarkProof.Decode(bytes));
        Assert.Equal("proof: main opening opens no matrix", e.Message);
    }

    [Fact]
    public void The_size_breakdown_adds_up_to_the_encoding()
    {
        var proof = Honest.Value.Proof;
        var parts = ProofSizeBreakdown.Of(proof);
        Assert.Equal(proof.Encode().Length, parts.Values.Sum());
        Assert.True(parts["mainSiblings"] > 0 && parts["friSiblings"] > 0 && parts["oodValues"] > 0);
    }
}
