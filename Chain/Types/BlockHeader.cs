using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>
/// An execution-layer block header for every fork from Frontier to Prague. Fork fields (baseFee onwards) are
/// optional and appended to the RLP while present, in order, exactly as consensus clients hash them.
/// </summary>
public sealed class BlockHeader
{
    private Hash32? _hash;

    public required Hash32 ParentHash { get; init; }
    public Hash32 UnclesHash { get; init; } = Keccak.EmptyListHash;
    public Address Coinbase { get; init; }
    public required Hash32 StateRoot { get; init; }
    public Hash32 TransactionsRoot { get; init; } = Trie.MerklePatriciaTrie.EmptyRoot;
    public Hash32 ReceiptsRoot { get; init; } = Trie.MerklePatriciaTrie.EmptyRoot;
    public Bloom LogsBloom { get; init; } = new();
    public BigInteger Difficulty { get; init; }
    public required ulong Number { get; init; }
    public ulong GasLimit { get; init; }
    public ulong GasUsed { get; init; }
    public ulong Timestamp { get; init; }
    public byte[] ExtraData { get; init; } = [];
    public Hash32 MixHash { get; init; }
    /// <summary>The 8-byte proof-of-work nonce (zero after the merge).</summary>
    public ulong Nonce { get; init; }

    /// <summary>EIP-1559 (London).</summary>
    public BigInteger? BaseFeePerGas { get; init; }
    /// <summary>EIP-4895 (Shanghai).</summary>
    public Hash32? WithdrawalsRoot { get; init; }
    /// <summary>EIP-4844 (Cancun).</summary>
    public ulong? BlobGasUsed { get; init; }
    /// <summary>EIP-4844 (Cancun).</summary>
    public ulong? ExcessBlobGas { get; init; }
    /// <summary>EIP-4788 (Cancun).</summary>
    public Hash32? ParentBeaconBlockRoot { get; init; }
    /// <summary>EIP-7685 (Prague).</summary>
    public Hash32? RequestsHash { get; init; }

    /// <summary>keccak256 of the RLP encoding: the block hash.</summary>
    public Hash32 Hash => _hash ??= Keccak.Hash(Encode());

    /// <summary>Canonical RLP encoding.</summary>
    public byte[] Encode()
    {
        var w = new RlpWriter(640);
        Write(w);
        return w.ToArray();
    }

    /// <summary>Writes the RLP list into <paramref name="w"/>.</summary>
    public void Write(RlpWriter w)
    {
        var mark = w.StartList();
        w.Write(ParentHash);
        w.Write(UnclesHash);
        w.Write(Coinbase);
        w.Write(StateRoot);
        w.Write(TransactionsRoot);
        w.Write(ReceiptsRoot);
        w.WriteBytes(LogsBloom.Span);
        w.WriteBigInteger(Difficulty);
        w.WriteUInt64(Number);
        w.WriteUInt64(GasLimit);
        w.WriteUInt64(GasUsed);
        w.WriteUInt64(Timestamp);
        w.WriteBytes(ExtraData);
        w.Write(MixHash);
        Span<byte> nonce = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(nonce, Nonce);
        w.WriteBytes(nonce);

        // Optional fork fields: each may appear only if every earlier one does.
        var gap = false;
        void Opt(bool present, string name, Action write)
        {
            if (!present)
            {
                gap = true;
                return;
            }
            if (gap)
            {
                throw new InvalidOperationException($"header field {name} is set but an earlier fork field is missing");
            }
            write();
        }
        Opt(BaseFeePerGas.HasValue, nameof(BaseFeePerGas), () => w.WriteBigInteger(BaseFeePerGas!.Value));
        Opt(WithdrawalsRoot.HasValue, nameof(WithdrawalsRoot), () => w.Write(WithdrawalsRoot!.Value));
        Opt(BlobGasUsed.HasValue, nameof(BlobGasUsed), () => w.WriteUInt64(BlobGasUsed!.Value));
        Opt(ExcessBlobGas.HasValue, nameof(ExcessBlobGas), () => w.WriteUInt64(ExcessBlobGas!.Value));
        Opt(ParentBeaconBlockRoot.HasValue, nameof(ParentBeaconBlockRoot), () => w.Write(ParentBeaconBlockRoot!.Value));
        Opt(RequestsHash.HasValue, nameof(RequestsHash), () => w.Write(RequestsHash!.Value));
        w.EndList(mark);
    }

    /// <summary>Strictly decodes a header that spans the whole input.</summary>
    public static BlockHeader Decode(ReadOnlySpan<byte> rlp)
    {
        var outer = new RlpReader(rlp);
        var header = Read(ref outer);
        outer.EnsureEnd("block header");
        return header;
    }

    /// <summary>Reads one header list from <paramref name="reader"/>.</summary>
    public static BlockHeader Read(ref RlpReader reader)
    {
        var r = reader.ReadList();
        var parent = r.ReadHash32();
        var uncles = r.ReadHash32();
        var coinbase = r.ReadAddress();
        var state = r.ReadHash32();
        var txs = r.ReadHash32();
        var receipts = r.ReadHash32();
        var bloomBytes = r.ReadBytes();
        if (bloomBytes.Length != Bloom.Size)
        {
            throw new RlpException($"header logsBloom has {bloomBytes.Length} bytes; expected {Bloom.Size}");
        }
        var bloom = new Bloom(bloomBytes);
        var difficulty = r.ReadBigInteger();
        var number = r.ReadUInt64();
        var gasLimit = r.ReadUInt64();
        var gasUsed = r.ReadUInt64();
        var timestamp = r.ReadUInt64();
        var extra = r.ReadByteArray();
        var mix = r.ReadHash32();
        var nonceBytes = r.ReadBytes();
        if (nonceBytes.Length != 8)
        {
            throw new RlpException($"header nonce has {nonceBytes.Length} bytes; expected 8");
        }
        var nonce = BinaryPrimitives.ReadUInt64BigEndian(nonceBytes);
        BigInteger? baseFee = r.HasMore ? r.ReadBigInteger() : null;
        Hash32? withdrawals = r.HasMore ? r.ReadHash32() : null;
        ulong? blobGasUsed = r.HasMore ? r.ReadUInt64() : null;
        ulong? excessBlobGas = r.HasMore ? r.ReadUInt64() : null;
        Hash32? beaconRoot = r.HasMore ? r.ReadHash32() : null;
        Hash32? requests = r.HasMore ? r.ReadHash32() : null;
        r.EnsureEnd("block header");
        return new BlockHeader
        {
            ParentHash = parent,
            UnclesHash = uncles,
            Coinbase = coinbase,
            StateRoot = state,
            TransactionsRoot = txs,
            ReceiptsRoot = receipts,
            LogsBloom = bloom,
            Difficulty = difficulty,
            Number = number,
            GasLimit = gasLimit,
            GasUsed = gasUsed,
            Timestamp = timestamp,
            ExtraData = extra,
            MixHash = mix,
            Nonce = nonce,
            BaseFeePerGas = baseFee,
            WithdrawalsRoot = withdrawals,
            BlobGasUsed = blobGasUsed,
            ExcessBlobGas = excessBlobGas,
            ParentBeaconBlockRoot = beaconRoot,
            RequestsHash = requests,
        };
    }

    /// <summary>Builds a header from a JSON-RPC block object (eth_getBlockBy*, newHeads). Does not trust its "hash".</summary>
    public static BlockHeader FromJson(JsonElement block)
    {
        var nonceBytes = Json.Bytes(block, "nonce");
        if (nonceBytes.Length != 8)
        {
            throw new FormatException($"field 'nonce' has {nonceBytes.Length} bytes; expected 8");
        }
        return new BlockHeader
        {
            ParentHash = Json.Hash(block, "parentHash"),
            UnclesHash = Json.Hash(block, "sha3Uncles"),
            Coinbase = Json.Address(block, "miner"),
            StateRoot = Json.Hash(block, "stateRoot"),
            TransactionsRoot = Json.Hash(block, "transactionsRoot"),
            ReceiptsRoot = Json.Hash(block, "receiptsRoot"),
            LogsBloom = Json.Parse(block, "logsBloom", Bloom.Parse),
            Difficulty = Json.BigQuantity(block, "difficulty"),
            Number = Json.Quantity(block, "number"),
            GasLimit = Json.Quantity(block, "gasLimit"),
            GasUsed = Json.Quantity(block, "gasUsed"),
            Timestamp = Json.Quantity(block, "timestamp"),
            ExtraData = Json.Bytes(block, "extraData"),
            MixHash = Json.Hash(block, "mixHash"),
            Nonce = BinaryPrimitives.ReadUInt64BigEndian(nonceBytes),
            BaseFeePerGas = Json.OptionalBigQuantity(block, "baseFeePerGas"),
            WithdrawalsRoot = Json.OptionalHash(block, "withdrawalsRoot"),
            BlobGasUsed = Json.OptionalQuantity(block, "blobGasUsed"),
            ExcessBlobGas = Json.OptionalQuantity(block, "excessBlobGas"),
            ParentBeaconBlockRoot = Json.OptionalHash(block, "parentBeaconBlockRoot"),
            RequestsHash = Json.OptionalHash(block, "requestsHash"),
        };
    }

    public override string ToString() => $"#{Number} {Hash}";
}
