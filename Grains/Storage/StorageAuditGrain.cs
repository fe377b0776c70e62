using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Merkle;
using Wsc.Storage.Placement;
using Wsc.Storage.Sampling;

namespace Wsc.Grains.Storage;

/// <summary>
/// The per-tick storage challenge: every shard answers K samples drawn from keccak(block hash ‖ shard); failures name
/// replicas whose bytes are gone or wrong, and each is rebuilt from another replica whose bytes match the root.
/// Running it twice for one block is harmless (the second run finds the repaired replicas healthy).
/// Sampling trusts each shard's index, so the audit also checks the other way round: from the directories' signed
/// commitments and rendezvous placement, a seeded sample of the replicas that must exist is confirmed on their shards
/// (index row and bytes), and missing ones are rebuilt the same way.
/// </summary>
public sealed class StorageAuditGrain(IOptions<StorageOptions> options, ILogger<StorageAuditGrain> log) : Grain, IStorageAuditGrain
{
    public async Task<StorageAuditRecord> AuditAsync(ulong blockNumber, string blockHash)
    {
        var o = options.Value;
        var hash = Hex0x.Decode(blockHash, 32, "block hash");
        var proofs = await Task.WhenAll(Enumerable.Range(0, o.Shards)
            .Select(s => GrainFactory.GetGrain<IStorageShardGrain>(s).ProveAsync(blockHash, o.SamplesPerTick)));
        int samples = 0, failures = 0, repaired = 0;
        var problems = new List<string>();
        foreach (var proof in proofs)
        {
            samples += proof.Samples.Length;
            var failed = ShardProofCheck.Failures(proof, hash, o.SamplesPerTick);
            failures += failed.Count;
            var lost = failed.Select(j => LostReplica(proof, j)).Distinct().ToList();
            foreach (var (root, replica) in lost)
            {
                var fixedIt = await RepairAsync(proof.Shard, root, replica, o);
                repaired += fixedIt ? 1 : 0;
                problems.Add($"shard {proof.Shard} replica {replica} of {root}: failed sampling, {(fixedIt ? "repaired" : "NOT repaired (no healthy copy)")}");
            }
        }
        // After the sampling repairs, so a replica repaired above is not counted twice.
        var (placementChecks, missing, placementRepaired) = await CheckPlacementAsync(hash, o, problems);
        repaired += placementRepaired;
        StorageMetrics.Samples.Add(samples);
        StorageMetrics.SampleFailures.Add(failures);
        StorageMetrics.Repairs.Add(repaired);
        if (failures > 0 || missing > 0)
        {
            log.LogWarning("storage audit of block {Number} {Hash}: {Failures} of {Samples} samples failed, {Missing} of {Checks} committed replicas missing, {Repaired} replicas repaired",
                blockNumber, blockHash, failures, samples, missing, placementChecks, repaired);
        }
        return new StorageAuditRecord(blockNumber, blockHash, proofs.Length, samples, failures, repaired, problems.ToArray(), placementChecks, missing);
    }

    // At most PlacementChecksPerTick directories are read, and at most that many of their replicas checked, both drawn
    // from the block hash (seeds keccak(blockHash ‖ uint32be(0xfffffffe / 0xffffffff)), never a shard number's seed).
    private async Task<(int Checked, int Missing, int Repaired)> CheckPlacementAsync(byte[] blockHash, StorageOptions o, List<string> problems)
    {
        var n = o.PlacementChecksPerTick;
        if (n == 0)
        {
            return (0, 0, 0);
        }
        var directories = Pick(await GrainFactory.GetGrain<IStorageCatalogGrain>(0).ListAsync(), n, SampleChallenge.Seed(blockHash, -2));
        var entries = await Task.WhenAll(directories.Select(d => GrainFactory.GetGrain<IStorageDirectoryGrain>(d).EntriesAsync()));
        var expected = new SortedDictionary<(string Root, int Replica), (int Shard, int Length)>(ReplicaOrder);
        foreach (var entry in entries.SelectMany(e => e))
        {
            if (entry.Roots.Length != BlobLayout.BlobCount(entry.Length))
            {
                continue;
            }
            for (var i = 0; i < entry.Roots.Length; i++)
            {
                var root = entry.Roots[i].ToLowerInvariant();
                var shards = Rendezvous.Shards(Hex0x.Decode(root, 32, "blob root"), o.Shards, o.Replicas);
                for (var r = 0; r < shards.Length; r++)
                {
                    expected[(root, r)] = (shards[r], BlobLayout.BlobLength(entry.Length, i));
                }
            }
        }
        var chosen = Pick(expected.ToList(), n, SampleChallenge.Seed(blockHash, -1));
        var absent = await Task.WhenAll(chosen.GroupBy(c => c.Value.Shard).Select(async g =>
            (Shard: g.Key, Missing: await GrainFactory.GetGrain<IStorageShardGrain>(g.Key)
                .ConfirmAsync(g.Select(c => new ShardIndexEntry(c.Key.Root, c.Key.Replica, c.Value.Length)).ToArray()))));
        int missing = 0, repaired = 0;
        foreach (var (shard, entry) in absent.SelectMany(a => a.Missing.Select(m => (a.Shard, m))).OrderBy(m => m.m.Root, StringComparer.Ordinal))
        {
            missing++;
            var fixedIt = await RepairAsync(shard, entry.Root, entry.Replica, o);
            repaired += fixedIt ? 1 : 0;
            problems.Add($"shard {shard} replica {entry.Replica} of {entry.Root}: missing though a directory entry commits to it, {(fixedIt ? "repaired" : "NOT repaired (no healthy copy)")}");
        }
        StorageMetrics.MissingReplicas.Add(missing);
        return (chosen.Count, missing, repaired);
    }

    private static readonly IComparer<(string Root, int Replica)> ReplicaOrder = Comparer<(string Root, int Replica)>.Create((a, b) =>
        string.CompareOrdinal(a.Root, b.Root) is var c and not 0 ? c : a.Replica.CompareTo(b.Replica));

    // All items when there are at most n, else n distinct ones by a partial Fisher-Yates shuffle driven by the seed.
    private static IReadOnlyList<T> Pick<T>(IReadOnlyList<T> items, int n, byte[] seed)
    {
        if (items.Count <= n)
        {
            return items;
        }
        var copy = items.ToArray();
        for (var j = 0; j < n; j++)
        {
            var k = j + SampleChallenge.Draw(seed, j, copy.Length - j).Entry;
            (copy[j], copy[k]) = (copy[k], copy[j]);
        }
        return copy[..n];
    }

    private static (string Root, int Replica) LostReplica(ShardProof proof, int draw)
    {
        var seed = Hex0x.Decode(proof.Seed, 32, "seed");
        var (entry, _) = Wsc.Storage.Sampling.SampleChallenge.Draw(seed, draw, proof.Index.Length);
        return (proof.Index[entry].Root, proof.Index[entry].Replica);
    }

    private async Task<bool> RepairAsync(int shard, string root, int replica, StorageOptions o)
    {
        var rootBytes = Hex0x.Decode(root, 32, "root");
        var placement = Rendezvous.Shards(rootBytes, o.Shards, o.Replicas);
        for (var r = 0; r < placement.Length; r++)
        {
            if (placement[r] == shard && r == replica)
            {
                continue;
            }
            var bytes = await GrainFactory.GetGrain<IStorageShardGrain>(placement[r]).ReadAsync(root, r);
            if (bytes is null || !(await Task.Run(() => CellMerkle.Root(bytes))).AsSpan().SequenceEqual(rootBytes))
            {
                continue;
            }
            await GrainFactory.GetGrain<IStorageShardGrain>(shard).StoreAsync([new ReplicaWrite(root, replica, bytes)]);
            return true;
        }
        return false;
    }
}
