using System.Numerics;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Trie;

/// <summary>An EIP-1186 eth_getProof answer: an account's fields, its state-trie proof and storage-slot proofs.</summary>
public sealed class AccountProof
{
    public required Address Address { get; init; }
    public required IReadOnlyList<byte[]> Proof { get; init; }
    public required BigInteger Balance { get; init; }
    public required Hash32 CodeHash { get; init; }
    public required ulong Nonce { get; init; }
    public required Hash32 StorageHash { get; init; }
    public required IReadOnlyList<StorageProof> StorageProofs { get; init; }

    /// <summary>Parses the JSON-RPC result object.</summary>
    public static AccountProof FromJson(JsonElement e)
    {
        var storage = new List<StorageProof>();
        foreach (var s in Json.Array(e, "storageProof").EnumerateArray())
        {
            var key = Json.Word(s, "key");
            if (key.GetByteCount(isUnsigned: true) > 32)
            {
                throw new FormatException("storage proof key is longer than 32 bytes");
            }
            storage.Add(new StorageProof(key, Json.BigQuantity(s, "value"), Nodes(s, "proof")));
        }
        return new AccountProof
        {
            Address = Json.Address(e, "address"),
            Proof = Nodes(e, "accountProof"),
            Balance = Json.BigQuantity(e, "balance"),
            CodeHash = Json.Hash(e, "codeHash"),
            Nonce = Json.Quantity(e, "nonce"),
            StorageHash = Json.Hash(e, "storageHash"),
            StorageProofs = storage,
        };
    }

    /// <summary>
    /// Checks the account against <paramref name="stateRoot"/> and every slot against the account's storage root;
    /// throws <see cref="InvalidProofException"/> naming the first mismatch.
    /// </summary>
    public void Verify(Hash32 stateRoot)
    {
        var leaf = MerkleProof.Verify(stateRoot, Keccak.Hash(Address.Span).Span, Proof);
        if (leaf is null)
        {
            // An absent account must be reported as empty.
            if (Nonce != 0 || !Balance.IsZero || CodeHash != Keccak.EmptyHash || StorageHash != MerklePatriciaTrie.EmptyRoot)
            {
                throw new InvalidProofException($"account {Address} is absent from state {stateRoot} but reported as non-empty");
            }
        }
        else
        {
            ulong nonce;
            BigInteger balance;
            Hash32 storageRoot, codeHash;
            try
            {
                var outer = new RlpReader(leaf);
                var r = outer.ReadList();
                outer.EnsureEnd("account");
                nonce = r.ReadUInt64();
                balance = r.ReadBigInteger();
                storageRoot = r.ReadHash32();
                codeHash = r.ReadHash32();
                r.EnsureEnd("account");
            }
            catch (RlpException ex)
            {
                throw new InvalidProofException($"account {Address} leaf is not [nonce, balance, storageRoot, codeHash]: {ex.Message}", ex);
            }
            Check(nonce == Nonce, "nonce", Nonce, nonce);
            Check(balance == Balance, "balance", Balance, balance);
            Check(storageRoot == StorageHash, "storageHash", StorageHash, storageRoot);
            Check(codeHash == CodeHash, "codeHash", CodeHash, codeHash);
        }
        foreach (var slot in StorageProofs)
        {
            slot.Verify(StorageHash);
        }
    }

    /// <summary>Like <see cref="Verify"/> but returns false with the reason instead of throwing.</summary>
    public bool TryVerify(Hash32 stateRoot, out string? reason)
    {
        try
        {
            Verify(stateRoot);
            reason = null;
            return true;
        }
        catch (InvalidProofException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    private void Check(bool ok, string field, object claimed, object proven)
    {
        if (!ok)
        {
            throw new InvalidProofException($"account {Address} {field} is reported as {claimed} but the proof holds {proven}");
        }
    }

    internal static IReadOnlyList<byte[]> Nodes(JsonElement e, string name) =>
        Json.Array(e, name).EnumerateArray().Select(n => Hex.Decode(n.GetString() ?? throw new FormatException($"null node in '{name}'"))).ToList();
}
