using Wsc.Chain.Rlp;
using Wsc.Chain.Tests.Fixtures;
using Wsc.Chain.Types;

namespace Wsc.Chain.Tests.Rlp;

/// <summary>Strict decoding means: whatever is accepted re-encodes to exactly the same bytes; everything else is an RlpException.</summary>
public sealed class CanonicalityTests
{
    private static IEnumerable<byte[]> Mutations(byte[] valid, int count, int seed)
    {
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var m = (byte[])valid.Clone();
            switch (rng.Next(4))
            {
                case 0:
                    m[rng.Next(m.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    m[rng.Next(Math.Min(m.Length, 8))] = (byte)rng.Next(256);
                    break;
                case 2:
                    m = m[..rng.Next(m.Length)];
                    break;
                default:
                    m = [.. m, (byte)rng.Next(256)];
                    break;
            }
            yield return m;
        }
    }

    private static void Check(byte[] valid, Func<byte[], byte[]> decodeEncode, int seed)
    {
        Assert.Equal(valid, decodeEncode(valid));
        var accepted = 0;
        foreach (var m in Mutations(valid, 1500, seed))
        {
            byte[] again;
            try
            {
                again = decodeEncode(m);
            }
            catch (RlpException)
            {
                continue;
            }
            Assert.Equal(m, again);
            accepted++;
        }
        Assert.True(accepted < 1500);
    }

    [Fact]
    public void Mutated_raw_block_is_refused_or_reencodes_identically()
    {
        var raw = Hex.Decode(RpcFixture.Load("debug_getRawBlock", "get-block-n.io").Result.GetString()!);
        Check(raw, b => RlpItem.Decode(b).Encode(), 1);
    }

    [Fact]
    public void Mutated_header_is_refused_or_reencodes_identically()
    {
        var raw = RpcFixture.ChainBlocks()[^1].Header.Encode();
        Check(raw, b => BlockHeader.Decode(b).Encode(), 2);
    }

    [Fact]
    public void Mutated_receipt_is_refused_or_reencodes_identically()
    {
        var raw = Hex.Decode(RpcFixture.Load("debug_getRawReceipts", "get-block-n.io").Result[2].GetString()!);
        Check(raw, b => Receipt.Decode(b).Encode(), 3);
    }

    [Fact]
    public void Mutated_transactions_are_refused_or_reencode_identically()
    {
        var seed = 10;
        foreach (var tx in RpcFixture.ChainBlocks().SelectMany(b => b.Transactions).GroupBy(t => t.Type).Select(g => g.First()))
        {
            Check(tx.Encode(), b => Transaction.Decode(b).Encode(), seed++);
        }
    }
}
