using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Types;

namespace Wsc.Bench;

/// <summary>Chain library hot paths: Keccak throughput, header RLP encode/decode/hash, receipts root per block.</summary>
public sealed class ChainBench : IBenchmark
{
    public string Name => "chain";

    public string Description => "keccak MB/s, header RLP encode/decode/hash/s, receipts root and JSON verify per block, ECDSA sign/recover/s [--seconds S] [--receipts N]";

    public Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var seconds = Option(args, "--seconds", 1.0);
        var receiptsPerBlock = (int)Option(args, "--receipts", 200);

        var big = new byte[1 << 20];
        new Random(1).NextBytes(big);
        var keccakMBps = Rate(seconds, () => Keccak.Hash(big)) * big.Length / 1e6;
        var small = new byte[32];
        var keccak32PerSec = Rate(seconds, () => Keccak.Hash(small));

        var header = PragueHeader();
        var encoded = header.Encode();
        var encodePerSec = Rate(seconds, () => header.Encode());
        var decodePerSec = Rate(seconds, () => BlockHeader.Decode(encoded));
        var hashPerSec = Rate(seconds, () => Keccak.Hash(header.Encode()));

        var receipts = Receipts(receiptsPerBlock);
        var rootsPerSec = Rate(seconds, () => Receipt.ComputeRoot(receipts));
        var logs = receipts.Sum(r => r.Logs.Count);
        var receiptsJson = ReceiptsJson(receipts);
        var verifyPerSec = Rate(seconds, () =>
        {
            // The follower's path: parse eth_getBlockReceipts JSON, rebuild the receipts, recompute the root.
            using var doc = JsonDocument.Parse(receiptsJson);
            return Receipt.ComputeRoot(doc.RootElement.EnumerateArray().Select(Receipt.FromJson).ToList());
        });

        var key = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var msg = Keccak.Hash("bench"u8);
        var sig = key.Sign(msg);
        var signPerSec = Rate(seconds, () => key.Sign(msg));
        var recoverPerSec = Rate(seconds, () => Secp256k1.Recover(msg, sig));

        var result = new
        {
            bench = "chain",
            keccakMBps = Math.Round(keccakMBps, 1),
            keccak32BytePerSec = Math.Round(keccak32PerSec),
            headerBytes = encoded.Length,
            headerEncodePerSec = Math.Round(encodePerSec),
            headerDecodePerSec = Math.Round(decodePerSec),
            headerHashPerSec = Math.Round(hashPerSec),
            receiptsPerBlock,
            logsPerBlock = logs,
            receiptsRootMsPerBlock = Math.Round(1000.0 / rootsPerSec, 3),
            receiptsRootBlocksPerSec = Math.Round(rootsPerSec, 1),
            receiptsJsonBytesPerBlock = receiptsJson.Length,
            receiptsJsonVerifyMsPerBlock = Math.Round(1000.0 / verifyPerSec, 3),
            ecdsaSignPerSec = Math.Round(signPerSec),
            ecdsaRecoverPerSec = Math.Round(recoverPerSec),
            secondsPerMeasurement = seconds,
        };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
        }
        else
        {
            foreach (var p in result.GetType().GetProperties())
            {
                Console.WriteLine($"{p.Name,-26} {p.GetValue(result)}");
            }
        }
        return Task.FromResult(0);
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Operations per second over about <paramref name="seconds"/> after a short warm-up.</summary>
    private static double Rate<T>(double seconds, Func<T> op)
    {
        for (var i = 0; i < 3; i++)
        {
            op();
        }
        var sw = Stopwatch.StartNew();
        long n = 0;
        var batch = 1;
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < batch; i++)
            {
                op();
            }
            n += batch;
            batch = Math.Min(batch * 2, 4096);
        }
        return n / sw.Elapsed.TotalSeconds;
    }

    private static BlockHeader PragueHeader()
    {
        var rng = new Random(2);
        Hash32 H()
        {
            var b = new byte[32];
            rng.NextBytes(b);
            return new Hash32(b);
        }
        var bloom = new byte[Bloom.Size];
        rng.NextBytes(bloom);
        return new BlockHeader
        {
            ParentHash = H(), Coinbase = Address.Parse("0x95222290dd7278aa3ddd389cc1e1d165cc4bafe5"), StateRoot = H(),
            TransactionsRoot = H(), ReceiptsRoot = H(), LogsBloom = new Bloom(bloom), Number = 21_000_000, GasLimit = 36_000_000,
            GasUsed = 17_000_000, Timestamp = 1_740_000_000, ExtraData = "beaverbuild.org"u8.ToArray(), MixHash = H(),
            BaseFeePerGas = 3_000_000_000, WithdrawalsRoot = H(), BlobGasUsed = 786432, ExcessBlobGas = 0, ParentBeaconBlockRoot = H(),
            RequestsHash = H(),
        };
    }

    /// <summary>The receipts as an eth_getBlockReceipts result (consensus fields only).</summary>
    private static byte[] ReceiptsJson(List<Receipt> receipts)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartArray();
            foreach (var r in receipts)
            {
                w.WriteStartObject();
                w.WriteString("type", Hex.Quantity(r.Type));
                w.WriteString("status", r.Status == true ? "0x1" : "0x0");
                w.WriteString("cumulativeGasUsed", Hex.Quantity(r.CumulativeGasUsed));
                w.WriteString("logsBloom", r.Bloom.ToString());
                w.WriteStartArray("logs");
                foreach (var l in r.Logs)
                {
                    w.WriteStartObject();
                    w.WriteString("address", l.Address.ToString());
                    w.WriteStartArray("topics");
                    foreach (var t in l.Topics)
                    {
                        w.WriteStringValue(t.ToString());
                    }
                    w.WriteEndArray();
                    w.WriteString("data", Hex.Encode(l.Data));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return ms.ToArray();
    }

    /// <summary>A mainnet-like block: typed receipts, two thirds with an ERC-20 style Transfer log.</summary>
    private static List<Receipt> Receipts(int count)
    {
        var rng = new Random(3);
        var transfer = Keccak.Hash("Transfer(address,address,uint256)");
        var list = new List<Receipt>(count);
        ulong gas = 0;
        for (var i = 0; i < count; i++)
        {
            gas += 50_000 + (ulong)rng.Next(100_000);
            var logs = new List<Log>();
            if (i % 3 != 0)
            {
                var a = new byte[20];
                rng.NextBytes(a);
                var t1 = new byte[32];
                var t2 = new byte[32];
                rng.NextBytes(t1.AsSpan(12));
                rng.NextBytes(t2.AsSpan(12));
                var data = new byte[32];
                new BigInteger(rng.NextInt64()).TryWriteBytes(data.AsSpan(24), out _, isUnsigned: true, isBigEndian: true);
                logs.Add(new Log { Address = new Address(a), Topics = [transfer, new Hash32(t1), new Hash32(t2)], Data = data });
            }
            list.Add(new Receipt { Type = 2, Status = true, CumulativeGasUsed = gas, Bloom = Bloom.FromLogs(logs), Logs = logs });
        }
        return list;
    }
}
