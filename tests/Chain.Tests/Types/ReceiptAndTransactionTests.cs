using System.Text.Json;
using System.Text.Json.Nodes;
using Wsc.Chain.Rlp;
using Wsc.Chain.Tests.Fixtures;
using Wsc.Chain.Types;

namespace Wsc.Chain.Tests.Types;

public sealed class ReceiptAndTransactionTests
{
    private static readonly IReadOnlyList<Block> Blocks = RpcFixture.ChainBlocks();

    private static BlockHeader HeaderFor(Hash32 blockHash) => Blocks.Single(b => b.Header.Hash == blockHash).Header;

    private static List<Receipt> Receipts(JsonElement result) => result.EnumerateArray().Select(Receipt.FromJson).ToList();

    [Fact]
    public void Receipts_roots_from_json_match_their_headers()
    {
        var verified = 0;
        foreach (var f in RpcFixture.All("eth_getBlockReceipts").Where(f => f.HasResult && f.Result.GetArrayLength() > 0))
        {
            var receipts = Receipts(f.Result);
            var header = HeaderFor(receipts[0].BlockHash!.Value);
            Assert.Equal(header.ReceiptsRoot, Receipt.ComputeRoot(receipts));
            var blockBloom = new Bloom();
            foreach (var r in receipts)
            {
                Assert.Equal(r.Bloom, Bloom.FromLogs(r.Logs));
                blockBloom.Or(r.Bloom);
            }
            Assert.Equal(header.LogsBloom, blockBloom);
            verified++;
        }
        Assert.Equal(3, verified);
    }

    [Fact]
    public void Receipts_with_logs_and_status_parse_with_metadata()
    {
        var receipts = Receipts(RpcFixture.Load("eth_getBlockReceipts", "get-block-receipts-latest.io").Result);
        var withLogs = receipts.First(r => r.Logs.Count > 0);
        Assert.True(withLogs.Status);
        Assert.Equal(0x36UL, withLogs.Logs[0].BlockNumber);
        Assert.Equal(0UL, withLogs.Logs[0].LogIndex);
        Assert.Single(withLogs.Logs[0].Topics);
        Assert.Equal(32, withLogs.Logs[0].Data.Length);
        Assert.True(withLogs.Bloom.MightContain(withLogs.Logs[0].Address.Span));
        Assert.True(withLogs.Bloom.MightContain(withLogs.Logs[0].Topics[0].Span));
    }

    [Fact]
    public void Raw_receipts_decode_reencode_and_match_the_root()
    {
        var raw = RpcFixture.Load("debug_getRawReceipts", "get-block-n.io").Result.EnumerateArray()
            .Select(e => Hex.Decode(e.GetString()!)).ToList();
        var receipts = raw.Select(r => Receipt.Decode(r)).ToList();
        for (var i = 0; i < raw.Count; i++)
        {
            Assert.Equal(raw[i], receipts[i].Encode());
        }
        Assert.Equal(Blocks.Single(b => b.Header.Number == 3).Header.ReceiptsRoot, Receipt.ComputeRoot(receipts));
    }

    [Fact]
    public void Altered_receipt_breaks_the_root()
    {
        var f = RpcFixture.Load("eth_getBlockReceipts", "get-block-receipts-latest.io");
        var header = HeaderFor(Receipts(f.Result)[0].BlockHash!.Value);
        var json = JsonNode.Parse(f.Result.GetRawText())!.AsArray();
        json[1]!["logs"]![0]!["data"] = "0x0000000000000000000000000000000000000000000000000000000000000009";
        Assert.NotEqual(header.ReceiptsRoot, Receipt.ComputeRoot(Receipts(JsonDocument.Parse(json.ToJsonString()).RootElement)));
        json = JsonNode.Parse(f.Result.GetRawText())!.AsArray();
        json[0]!["cumulativeGasUsed"] = "0x19d37";
        Assert.NotEqual(header.ReceiptsRoot, Receipt.ComputeRoot(Receipts(JsonDocument.Parse(json.ToJsonString()).RootElement)));
        json = JsonNode.Parse(f.Result.GetRawText())!.AsArray();
        json.RemoveAt(0);
        Assert.NotEqual(header.ReceiptsRoot, Receipt.ComputeRoot(Receipts(JsonDocument.Parse(json.ToJsonString()).RootElement)));
    }

    [Fact]
    public void Transactions_and_withdrawals_roots_of_every_block_match()
    {
        var types = new HashSet<TransactionType>();
        var withWithdrawals = 0;
        foreach (var b in Blocks)
        {
            Assert.Equal(b.Header.TransactionsRoot, Transaction.ComputeRoot(b.Transactions));
            b.Verify();
            if (b.Withdrawals is { } w)
            {
                Assert.Equal(b.Header.WithdrawalsRoot, Withdrawal.ComputeRoot(w));
                withWithdrawals++;
            }
            foreach (var tx in b.Transactions)
            {
                types.Add(tx.Type);
                Assert.Equal(tx.Hash, Transaction.Decode(tx.Encode()).Hash);
            }
        }
        Assert.Equal(5, types.Count);
        Assert.True(withWithdrawals > 0);
    }

    [Fact]
    public void A_block_body_that_does_not_match_its_header_is_refused()
    {
        var b = Blocks.First(x => x.Transactions.Count > 1 && x.Withdrawals is not null);
        Assert.Throws<FormatException>(() => new Block { Header = b.Header, Transactions = b.Transactions.Skip(1).ToList(), Uncles = [], Withdrawals = b.Withdrawals }.Verify());
        Assert.Throws<FormatException>(() => new Block { Header = b.Header, Transactions = b.Transactions, Uncles = [b.Header], Withdrawals = b.Withdrawals }.Verify());
        Assert.Throws<FormatException>(() => new Block { Header = b.Header, Transactions = b.Transactions, Uncles = [], Withdrawals = null }.Verify());
        Assert.Throws<FormatException>(() => new Block
        {
            Header = b.Header, Transactions = b.Transactions, Uncles = [],
            Withdrawals = [.. b.Withdrawals!, new Withdrawal(99, 1, Address.Zero, 5)],
        }.Verify());
    }

    [Fact]
    public void Every_fixture_transaction_hashes_to_its_hash_and_recovers_its_sender()
    {
        var n = 0;
        foreach (var f in RpcFixture.All("eth_getTransactionByHash").Where(f => f.HasResult))
        {
            var tx = Transaction.FromJson(f.Result);
            Assert.Equal(Hash32.Parse(f.Result.GetProperty("hash").GetString()!), tx.Hash);
            Assert.Equal(tx.From, tx.RecoverSender());
            n++;
        }
        Assert.Equal(7, n);
    }

    [Fact]
    public void Raw_transaction_decodes_to_the_requested_hash()
    {
        var f = RpcFixture.Load("debug_getRawTransaction", "get-tx.io");
        var raw = Hex.Decode(f.Result.GetString()!);
        var tx = Transaction.Decode(raw);
        Assert.Equal(Hash32.Parse(f.Request.GetProperty("params")[0].GetString()!), tx.Hash);
        Assert.Equal(raw, tx.Encode());
        Assert.Null(tx.To);
        Assert.Throws<RlpException>(() => Transaction.Decode([.. raw, 0x80]));
        Assert.Throws<RlpException>(() => Transaction.Decode([0x05, .. raw]));
    }

    [Fact]
    public void Tampered_transaction_recovers_a_different_sender()
    {
        var f = RpcFixture.Load("eth_getTransactionByHash", "get-dynamic-fee.io");
        var json = JsonNode.Parse(f.Result.GetRawText())!;
        json["value"] = "0x7";
        var tx = Transaction.FromJson(JsonDocument.Parse(json.ToJsonString()).RootElement);
        Assert.NotEqual(Hash32.Parse(f.Result.GetProperty("hash").GetString()!), tx.Hash);
        Assert.NotEqual(tx.From, Wsc.Chain.Crypto.Secp256k1.TryRecover(tx.SigningHash(), new Wsc.Chain.Crypto.Signature(tx.R, tx.S, tx.RecoveryId)));
    }
}
