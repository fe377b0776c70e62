using System.Numerics;

namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>
/// The fees of an automation transaction and when it is replaced. A first signing offers twice the going gas price
/// plus the tip, which survives several blocks of rising base fee. A transaction whose fee cap fell below what the next
/// block may charge (the latest base fee plus the 12.5% one block can add) is stuck: it is signed again under the same
/// nonce with both the tip and the cap raised by at least 12.5% (nodes replace a pooled transaction only for a 10% bump
/// of both) and the cap at least twice that base fee plus the tip. One nonce means only one of them can land.
/// </summary>
public static class AutomationFeePolicy
{
    /// <summary>The fee cap of a first signing at gas price <paramref name="gasPrice"/> and tip <paramref name="tip"/>.</summary>
    public static BigInteger FirstCap(BigInteger gasPrice, BigInteger tip) => 2 * gasPrice + tip;

    /// <summary>True when a transaction capped at <paramref name="maxFee"/> cannot enter the block after one with <paramref name="baseFee"/>.</summary>
    public static bool Stuck(BigInteger maxFee, BigInteger baseFee) => maxFee < NextBaseFeeBound(baseFee);

    /// <summary>The (tip, cap) of the replacement of a transaction offering (<paramref name="tip"/>, <paramref name="maxFee"/>).</summary>
    public static (BigInteger Tip, BigInteger MaxFee) Bump(BigInteger tip, BigInteger maxFee, BigInteger baseFee, BigInteger suggestedTip)
    {
        var newTip = BigInteger.Max(Raise(tip), suggestedTip);
        var newCap = BigInteger.Max(Raise(maxFee), 2 * NextBaseFeeBound(baseFee) + newTip);
        return (newTip, newCap);
    }

    /// <summary>The highest base fee the next block can have (EIP-1559: at most 1/8 above the parent's).</summary>
    private static BigInteger NextBaseFeeBound(BigInteger baseFee) => baseFee + (baseFee + 7) / 8;

    /// <summary>+12.5%, rounded up, and at least +1 wei (a zero tip still rises).</summary>
    private static BigInteger Raise(BigInteger fee) => fee + BigInteger.Max(1, (fee + 7) / 8);
}
