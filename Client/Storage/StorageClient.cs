using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Directories;
using Wsc.Storage.Sampling;
using Wsc.Storage.Web3;

namespace Wsc.Client.Storage;

/// <summary>
/// Storage operations over an Orleans client, for the CLI and tests: signed puts, reads, and verification that trusts
/// only the owner's signature and the Orleans-free verifiers (roots recomputed, fresh samples checked locally).
/// </summary>
public static class StorageClient
{
    /// <summary>Signs and stores <paramref name="bytes"/> at <paramref name="url"/> with the owner's key.</summary>
    public static async Task<StoragePutResult> PutAsync(IClusterClient client, StorageUrl url, byte[] bytes, PrivateKey owner)
    {
        if (owner.Address != url.Owner)
        {
            throw new ArgumentException($"--key belongs to {owner.Address}, but {url} is owned by {url.Owner}");
        }
        var directory = client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(url.Owner.ToString(), url.ChainId));
        var write = StorageWrite.ForFile(url.ChainId, url.Owner, url.Path, bytes, await directory.NextNonceAsync());
        return await client.GetGrain<IStorageGatewayGrain>(0).PutAsync(ToMessage(write, owner), bytes);
    }

    /// <summary>Signs and applies a remove of <paramref name="url"/>.</summary>
    public static async Task RemoveAsync(IClusterClient client, StorageUrl url, PrivateKey owner)
    {
        var directory = client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(url.Owner.ToString(), url.ChainId));
        var write = StorageWrite.ForRemove(url.ChainId, url.Owner, url.Path, await directory.NextNonceAsync());
        await client.GetGrain<IStorageGatewayGrain>(0).RemoveAsync(ToMessage(write, owner));
    }

    /// <summary>The file at <paramref name="url"/>, or null.</summary>
    public static Task<StoredFile?> ReadAsync(IClusterClient client, StorageUrl url) =>
        client.GetGrain<IStorageGatewayGrain>(0).ReadAsync(url.Owner.ToString(), url.ChainId, url.Path);

    /// <summary>
    /// Checks <paramref name="file"/>: the owner's signature over the entry, the bytes against its roots, and for every
    /// blob a fresh challenge from <paramref name="seed"/> answered by each replica. Replicas = the fewest replicas
    /// that answered correctly for any one blob. An entry signed with a directory nonce below <paramref name="minNonce"/>
    /// is refused: a reader who knows of a newer version cannot be served an older one.
    /// </summary>
    public static async Task<FileVerification> VerifyAsync(IClusterClient client, StorageUrl url, StoredFile file, byte[] seed, int samples = 8, ulong minNonce = 0)
    {
        var entry = file.Entry;
        var write = ToStorageWrite(entry);
        if (FileCheck.Problem(write, Hex.Decode(entry.Signature), file.Bytes, url.ChainId, url.Owner, url.Path) is string problem)
        {
            return new FileVerification(false, 0, problem);
        }
        // After the signature check, so the nonce compared is the owner's.
        if (entry.Nonce < minNonce)
        {
            return new FileVerification(false, 0, $"the cluster served the version signed with nonce {entry.Nonce}, older than --min-nonce {minNonce} (rolled back)");
        }
        var gateway = client.GetGrain<IStorageGatewayGrain>(0);
        var replicas = int.MaxValue;
        string? firstProblem = null;
        foreach (var root in entry.Roots)
        {
            var answers = await gateway.ChallengeAsync(root, Hex.Encode(seed), samples);
            var good = 0;
            // A replica counts once: distinct shards and distinct replica numbers only.
            var seenShards = new HashSet<int>();
            var seenReplicas = new HashSet<int>();
            foreach (var a in answers)
            {
                var entries = a.Proof.Index.Select(e => (Hex.Decode(e.Root), e.Replica, e.Length)).ToList();
                var cells = a.Proof.Samples.Select(s => s is null ? null : new CellSample(Hex.Decode(s.Root), s.Replica, s.Length, s.Cell, s.MaskedCell, s.Path)).ToList();
                // The challenged replica must be this blob's, and every sample must verify against the signed root.
                var failed = SampleVerifier.CheckSeeded(seed, a.Shard, entries, cells);
                if (failed.Count == 0 && entries.Count == 1 && string.Equals(Hex.Encode(entries[0].Item1), root, StringComparison.OrdinalIgnoreCase) && cells.Count == samples)
                {
                    if (seenShards.Add(a.Shard) & seenReplicas.Add(a.Replica))
                    {
                        good++;
                    }
                }
                else
                {
                    firstProblem ??= $"blob {root} replica {a.Replica} on shard {a.Shard}: {failed.Count} of {samples} samples failed";
                }
            }
            replicas = Math.Min(replicas, good);
        }
        if (entry.Roots.Length == 0)
        {
            replicas = 0;
        }
        return new FileVerification(firstProblem is null, replicas, firstProblem);
    }

    private static DirectoryWrite ToMessage(StorageWrite w, PrivateKey signer) =>
        new(w.Owner.ToString(), w.ChainId, w.Op == StorageOp.Remove, w.Path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(signer)));

    private static StorageWrite ToStorageWrite(DirectoryEntry e) =>
        new(e.ChainId, Address.Parse(e.Owner), StorageOp.Put, e.Path, e.Length, e.Roots.Select(Hex.Decode).ToList(), e.Nonce);
}
