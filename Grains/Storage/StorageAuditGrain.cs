using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Merkle;
using Wsc.Storage.Placement;

namespace Wsc.Grains.Storage;

/// <summary>
/// The per-tick storage challenge: every shard answers K samples drawn from keccak(block hash ‖ shard); failures name
/// replicas whose bytes are gone or wrong, and each is rebuilt from another replica whose bytes match the root.
/// Running it twice for one block is harmless (the second run finds the repaired replicas healthy).
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
        StorageMetrics.Samples.Add(samples);
        StorageMetrics.SampleFailures.Add(failures);
        StorageMetrics.Repairs.Add(repaired);
        if (failures > 0)
        {
            log.LogWarning("storage audit of block {Number} {Hash}: {Failures} of {Samples} samples failed, {Repaired} replicas repaired",
                blockNumber, blockHash, failures, samples, repaired);
        }
        return new StorageAuditRecord(blockNumber, blockHash, proofs.Length, samples, failures, repaired, problems.ToArray());
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
