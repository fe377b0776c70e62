using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

public sealed class SecurityEstimateTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(24)]
    public void The_defaults_reach_100_conjectured_bits_and_the_proven_preset_100_proven_bits(int logRows)
    {
        Assert.True(SecurityEstimate.ConjecturedBits(ProofOptions.Default, logRows + 2) >= 100);
        Assert.True(SecurityEstimate.ProvenBits(ProofOptions.Proven100, logRows + 2) >= 100);
    }

    [Fact]
    public void List_decoding_proves_more_than_unique_decoding_and_less_than_the_conjecture()
    {
        foreach (var o in new[] { ProofOptions.Default, ProofOptions.Proven100, new ProofOptions(8, 40, 16, 4, 16) })
        {
            int proven = SecurityEstimate.ProvenBits(o, 22);
            Assert.True(proven > SecurityEstimate.UniqueDecodingBits(o, 22), o.ToString());
            Assert.True(proven < SecurityEstimate.ConjecturedBits(o, 22) || proven == SecurityEstimate.HashCollisionBits, o.ToString());
        }
    }

    [Fact]
    public void Each_query_proves_about_log2_of_one_over_root_rho_bits()
    {
        // Blowup 4: √ρ = 1/2, a query is worth just under one bit (the 1 + 1/2m slack); blowup 16: just under two.
        var a = SecurityEstimate.ProvenBits(new ProofOptions(4, 60, 0), 22);
        var b = SecurityEstimate.ProvenBits(new ProofOptions(4, 70, 0), 22);
        Assert.InRange(b - a, 8, 10);
        var c = SecurityEstimate.ProvenBits(new ProofOptions(16, 30, 0), 24);
        var d = SecurityEstimate.ProvenBits(new ProofOptions(16, 35, 0), 24);
        Assert.InRange(d - c, 8, 10);
    }

    [Fact]
    public void Large_domains_lose_proven_bits_in_the_commit_phase()
    {
        var o = new ProofOptions(16, 100, 20);
        Assert.True(SecurityEstimate.ProvenBits(o, 30) < SecurityEstimate.ProvenBits(o, 16));
    }
}
