using System.Buffers.Binary;
using Wsc.Zk.Graph;

namespace Wsc.Zk.Tests.Graph;

/// <summary>The canonical tick input: documented layout, lossless round trip, strict decoding.</summary>
public sealed class TickInputTests
{
    private static TickInput Sample() => Examples.Block(42,
        new TickLog(3, 7, Examples.Hex("5FbDB2315678afecb367f032d93F642f64180aa3"), [new byte[32], Examples.Keccak([1])], [1, 2, 3, 4, 5])) with
    {
        Coinbase = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray(),
        Slots = [new TickSlot(new byte[20], Examples.Word(8), Examples.Word(12345))],
        Blobs = [[9, 9, 9], []],
        ReceiptProofs = [new TickReceiptProof(3, [[0xc0], [1, 2, 3, 4, 5, 6]])],
    };

    [Fact]
    public void HeaderFieldsSitAtTheDocumentedOffsets()
    {
        var t = Sample();
        var b = t.Encode();
        Assert.Equal("WSCT"u8.ToArray(), b[..4]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4)));
        Assert.Equal(31337ul, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(8)));
        Assert.Equal(42ul, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16)));
        Assert.Equal(t.Timestamp, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(24)));
        Assert.Equal(t.BaseFeePerGas, b[48..80]);
        Assert.Equal(t.Hash, b[80..112]);
        Assert.Equal(t.Coinbase, b[208..228]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(228)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(236)));
        // first log: receipt 3, log 7, address, 2 topics, 5 data bytes padded to 8
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(256)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(260)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(284)));
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(288)));
        Assert.Equal(0, b.Length % 4);
    }

    [Fact]
    public void RoundTrips()
    {
        var t = Sample();
        var b = t.Encode();
        var d = TickInput.Decode(b);
        Assert.Equal(b, d.Encode());
        Assert.Equal(t.Number, d.Number);
        Assert.Equal(t.Logs[0].Data, d.Logs[0].Data);
        Assert.Equal(t.ReceiptProofs[0].Nodes[1], d.ReceiptProofs[0].Nodes[1]);
        Assert.Empty(d.Blobs[1]);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(4, "version")]
    [InlineData(244, "reserved")]
    [InlineData(284, "topicCount")]
    public void RejectsTamperedFields(int offset, string expected)
    {
        var b = Sample().Encode();
        b[offset] ^= 0x40;
        Assert.Contains(expected, Assert.Throws<FormatException>(() => TickInput.Decode(b)).Message);
    }

    [Fact]
    public void RejectsTruncationTrailingBytesAndDirtyPadding()
    {
        var b = Sample().Encode();
        Assert.Contains("needs", Assert.Throws<FormatException>(() => TickInput.Decode(b.AsSpan(0, b.Length - 4))).Message);
        Assert.Contains("trailing", Assert.Throws<FormatException>(() => TickInput.Decode([.. b, 0, 0, 0, 0])).Message);
        var dirty = (byte[])b.Clone();
        dirty[256 + 36 + 64 + 5] = 1; // padding after the 5 data bytes of log 0
        Assert.Contains("padding", Assert.Throws<FormatException>(() => TickInput.Decode(dirty)).Message);
    }

    [Fact]
    public void EncoderChecksFieldLengths()
    {
        var bad = Sample() with { Hash = new byte[31] };
        Assert.Contains("hash is 31 bytes, expected 32", Assert.Throws<ArgumentException>(() => bad.Encode()).Message);
        var many = Sample() with { Logs = [new TickLog(0, 0, new byte[20], [new byte[32], new byte[32], new byte[32], new byte[32], new byte[32]], [])] };
        Assert.Contains("at most 4", Assert.Throws<ArgumentException>(() => many.Encode()).Message);
    }
}
