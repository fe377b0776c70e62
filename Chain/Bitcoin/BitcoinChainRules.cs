using System.Numerics;

namespace Wsc.Chain.Bitcoin;

/// <summary>Bitcoin mainnet header rules: linkage, proof of work and the 2016-block difficulty retarget.</summary>
public static class BitcoinChainRules
{
    /// <summary>Blocks per difficulty period.</summary>
    public const int RetargetInterval = 2016;

    /// <summary>Two weeks in seconds: the intended length of a period.</summary>
    public const long TargetTimespan = 14 * 24 * 60 * 60;

    /// <summary>Mainnet proof-of-work limit (bits 0x1d00ffff).</summary>
    public static readonly BigInteger PowLimit = BitcoinHeader.CompactToTarget(0x1d00ffff);

    /// <summary>
    /// Bits required at the start of a period, from the first and last headers of the previous period
    /// (Bitcoin Core's CalculateNextWorkRequired, including its off-by-one of measuring 2015 intervals).
    /// </summary>
    public static uint NextBits(BitcoinHeader periodFirst, BitcoinHeader periodLast)
    {
        ArgumentNullException.ThrowIfNull(periodFirst);
        ArgumentNullException.ThrowIfNull(periodLast);
        var actual = (long)periodLast.Time - periodFirst.Time;
        actual = Math.Clamp(actual, TargetTimespan / 4, TargetTimespan * 4);
        var target = BitcoinHeader.CompactToTarget(periodLast.Bits) * actual / TargetTimespan;
        if (target > PowLimit)
        {
            target = PowLimit;
        }
        return BitcoinHeader.TargetToCompact(target);
    }

    /// <summary>
    /// Checks that <paramref name="next"/> (at <paramref name="height"/>) extends <paramref name="previous"/>: it names its
    /// hash, meets its own target, and keeps the bits inside a period. Throws FormatException naming the rule broken.
    /// </summary>
    public static void CheckExtends(BitcoinHeader previous, BitcoinHeader next, long height)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (next.PrevBlock != previous.Hash)
        {
            throw new FormatException($"header {height} names parent {BitcoinHeader.DisplayHex(next.PrevBlock)}, not {previous.Id}");
        }
        CheckProofOfWork(next, height);
        if (height % RetargetInterval != 0 && next.Bits != previous.Bits)
        {
            throw new FormatException($"header {height} changes bits to 0x{next.Bits:x8} inside a difficulty period");
        }
    }

    /// <summary>Checks the header's hash against its target and the target against the proof-of-work limit.</summary>
    public static void CheckProofOfWork(BitcoinHeader header, long height)
    {
        ArgumentNullException.ThrowIfNull(header);
        var target = header.Target;
        if (target.IsZero || target > PowLimit)
        {
            throw new FormatException($"header {height} target from bits 0x{header.Bits:x8} is zero or above the limit");
        }
        if (!header.MeetsTarget)
        {
            throw new FormatException($"header {height} hash {header.Id} does not meet its target");
        }
    }
}
