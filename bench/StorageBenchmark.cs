using System.Data;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Wsc.Storage.Blobs;
using Wsc.Storage.Masking;
using Wsc.Storage.Merkle;
using Wsc.Storage.Placement;
using Wsc.Storage.Sampling;
using Wsc.Storage.Stores;
using Wsc.Storage.Tags;

namespace Wsc.Bench;

/// <summary>
/// `storage`: the storage data path on PostgreSQL (chunk, Merkle roots, blob tags, mask R replicas, batched writes per
/// shard; reads unmask and check every blob's tag, or its Merkle root) against raw Npgsql moving the same bytes; plus
/// sample proof generation and verification. Options: --postgres CONNSTRING (default: a throwaway server), --rounds N, --json.
/// </summary>
public sealed class StorageBenchmark : IBenchmark
{
    private const int Shards = 8;
    private const int Replicas = 2;
    private const int BlobsPerCall = 8;

    public string Name => "storage";

    public string Description => "storage put/get MB/s vs raw Npgsql; sample proof and verify time";

    public async Task<int> RunAsync(string[] args)
    {
        var rounds = Arg(args, "--rounds") is string r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 3;
        using var server = Arg(args, "--postgres") is null ? new StoragePostgres() : null;
        var cs = Arg(args, "--postgres") ?? server!.ConnectionString;
        await using var ds = NpgsqlDataSource.Create(cs);
        await StorageSchema.ApplyAsync(ds);
        await using (var cmd = ds.CreateCommand("CREATE TABLE IF NOT EXISTS bench_raw (id bigint PRIMARY KEY, data bytea NOT NULL); ALTER TABLE bench_raw ALTER COLUMN data SET STORAGE EXTERNAL;"))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        // As AddWscStorage sets it up for PostgreSQL: concurrent puts (from all shards of a silo) share transactions.
        var store = new GroupCommitBlobStore(new PostgresBlobStore(ds));

        var results = new Dictionary<string, object>();
        foreach (var (label, size, count) in new[] { ("blob128KiB", BlobLayout.MaxBlobBytes, 40), ("file10MiB", 10 * 1024 * 1024, 1) })
        {
            var files = Enumerable.Range(0, count).Select(i => Random(size, i)).ToArray();
            var total = (double)size * count;
            // A reader knows the roots from the directory entry; computing them is not part of a get.
            var roots = files.Select(f => FileBlobs.Roots(f)).ToArray();
            var lengths = files.Select(f => f.Length).ToArray();
            // Every round runs each measurement once, storage and raw side by side, so both see the same load from
            // other jobs on the machine; each figure is its best round.
            var times = new Dictionary<string, double>();
            async Task timed(string name, Func<Task> run)
            {
                var t = await Time(run);
                times[name] = Math.Min(times.GetValueOrDefault(name, double.MaxValue), t);
            }
            // Round 0 warms up (JIT tiers, connection pool, server caches) for both paths and is not counted.
            for (var round = -1; round < rounds; round++)
            {
                if (round == 0)
                {
                    times.Clear();
                }
                // The order rotates every round so no measurement always runs first or right after the heavy writes
                // (PostgreSQL is still flushing then); rawPut1 stays before rawPutR, whose R copies rawGet reads.
                (string Name, Func<Task> Run)[] writes =
                [
                    ("put", async () =>
                    {
                        await TruncateAsync(ds, "storage_blob_index, storage_blob_data");
                        await PutAsync(store, files);
                    }),
                    ("rawPut1", () => RawPutAsync(ds, files, 1)),
                    ("rawPutR", () => RawPutAsync(ds, files, Replicas)),
                ];
                (string Name, Func<Task> Run)[] reads =
                [
                    ("get", () => GetAsync(store, roots, lengths, Check.Tag)),
                    ("rawGet", () => RawGetAsync(ds, files)),
                    ("getRootChecked", () => GetAsync(store, roots, lengths, Check.Root)),
                    ("getUnverified", () => GetAsync(store, roots, lengths, Check.None)),
                ];
                var shift = Math.Max(round, 0);
                var storageWrite = shift % writes.Length;
                foreach (var (name, run) in writes.Where(w => w.Name != "put").Take(storageWrite).Append(writes[0]).Concat(writes.Where(w => w.Name != "put").Skip(storageWrite)))
                {
                    await timed(name, run);
                }
                for (var k = 0; k < reads.Length; k++)
                {
                    await timed(reads[(k + shift) % reads.Length].Name, reads[(k + shift) % reads.Length].Run);
                }
            }
            var (put, rawPut1, rawPutR, get, rawGet, getRootChecked, getUnverified) = (times["put"], times["rawPut1"],
                times["rawPutR"], times["get"], times["rawGet"], times["getRootChecked"], times["getUnverified"]);
            results[label] = new
            {
                bytes = total,
                putMBps = Mbps(total, put),
                getMBps = Mbps(total, get),
                getRootCheckedMBps = Mbps(total, getRootChecked),
                getUnverifiedMBps = Mbps(total, getUnverified),
                rawPutMBps = Mbps(total, rawPut1),
                rawPutReplicatedMBps = Mbps(total, rawPutR),
                rawGetMBps = Mbps(total, rawGet),
                putRatioVsRawSameReplicas = Math.Round(rawPutR / put, 3),
                putRatioVsRawOneCopy = Math.Round(rawPut1 / put, 3),
                getRatio = Math.Round(rawGet / get, 3),
                getRootCheckedRatio = Math.Round(rawGet / getRootChecked, 3),
                getUnverifiedRatio = Math.Round(rawGet / getUnverified, 3),
            };
        }
        results["samples"] = Samples();
        results["replicas"] = Replicas;
        results["shards"] = Shards;
        results["rounds"] = rounds;
        results["note"] = "put = chunk + keccak Merkle roots of every blob + one blob tag + mask R replicas + PostgreSQL writes (index and bytes) through group commit; "
            + "get = read one replica into a pooled buffer, unmask into the file, check the blob tag (getRootChecked: rebuild the Merkle root instead; getUnverified: no check); "
            + "raw = Npgsql moving the same bytes (put: the same R copies, and one copy, 8 rows per transaction; get: one copy of every blob streamed into the file); "
            + "all files at once on both sides; best of --rounds after one warm-up round, storage and raw interleaved; no Orleans messaging";
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }

    // Puts and gets of separate files all start at once, as independent clients would, with the same concurrency as
    // the raw baseline (which issues every batch or row at once).

    // As a shard holds it: the secret comes from configuration; here one per benchmark process.
    private static readonly BlobTagger Tagger = BlobTagger.WithRandomSecret();

    internal static async Task PutAsync(IBlobStore store, byte[][] files)
    {
        await Task.WhenAll(files.Select(file => Task.Run(async () =>
        {
            var ct = CancellationToken.None;
            // Every root first: the gateway checks the signed roots before it stores anything.
            var roots = FileBlobs.Roots(file);
            var perShard = new Dictionary<int, List<StoredReplica>>();
            var rented = new List<byte[]>();
            var writes = new List<Task>();
            try
            {
                for (var i = 0; i < roots.Length; i++)
                {
                    var blob = FileBlobs.Blob(file, i);
                    var tag = Tagger.Tag(roots[i], blob.Span);
                    var shards = Rendezvous.Shards(roots[i], Shards, Replicas);
                    for (var rep = 0; rep < shards.Length; rep++)
                    {
                        // Masked straight from the file into pooled buffers: no 128 KiB copy per replica.
                        var buffer = BlobBuffers.Rent(blob.Length);
                        rented.Add(buffer);
                        var masked = buffer.AsMemory(0, blob.Length);
                        ReplicaMask.Apply(roots[i], shards[rep], rep, blob.Span, masked.Span);
                        if (!perShard.TryGetValue(shards[rep], out var list))
                        {
                            perShard[shards[rep]] = list = [];
                        }
                        list.Add(new StoredReplica(BlobKey.Of(shards[rep], roots[i], rep), blob.Length, masked, tag));
                        // A full batch goes out at once, so PostgreSQL writes while the next blobs are masked.
                        if (list.Count == BlobsPerCall)
                        {
                            writes.Add(store.PutAsync(list, ct));
                            perShard[shards[rep]] = [];
                        }
                    }
                }
                writes.AddRange(perShard.Values.Where(l => l.Count > 0).Select(l => store.PutAsync(l, ct)));
                await Task.WhenAll(writes);
            }
            finally
            {
                await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
                rented.ForEach(BlobBuffers.Return);
            }
        })));
    }

    internal enum Check
    {
        None,
        Tag,
        Root,
    }

    internal static async Task GetAsync(IBlobStore store, byte[][][] rootsOf, int[] lengths, Check check)
    {
        await Task.WhenAll(Enumerable.Range(0, rootsOf.Length).Select(async f =>
        {
            var roots = rootsOf[f];
            var file = new byte[lengths[f]];
            await Task.WhenAll(roots.Select(async (root, i) =>
            {
                var shard = Rendezvous.Shards(root, Shards, Replicas)[0];
                var length = BlobLayout.BlobLength(file.Length, i);
                var buffer = BlobBuffers.Rent(BlobLayout.MaxBlobBytes);
                var tag = new byte[BlobTagger.TagBytes];
                try
                {
                    var read = await store.ReadAsync(BlobKey.Of(shard, root, 0), buffer.AsMemory(0, BlobLayout.MaxBlobBytes), tag);
                    if (!read.Found || read.Length != length)
                    {
                        throw new InvalidOperationException("blob missing");
                    }
                    // Unmasked straight into its place in the file, as the gateway assembles a read.
                    var plain = file.AsSpan(i * BlobLayout.MaxBlobBytes, length);
                    ReplicaMask.Apply(root, shard, 0, buffer.AsSpan(0, length), plain);
                    var ok = check switch
                    {
                        Check.Tag => read.Tagged && Tagger.Verify(root, plain, tag),
                        Check.Root => CellMerkle.Root(plain).AsSpan().SequenceEqual(root),
                        _ => true,
                    };
                    if (!ok)
                    {
                        throw new InvalidOperationException("blob check failed");
                    }
                }
                finally
                {
                    BlobBuffers.Return(buffer);
                }
            }));
        }));
    }

    internal static async Task RawPutAsync(NpgsqlDataSource ds, byte[][] files, int copies)
    {
        await TruncateAsync(ds, "bench_raw");
        long id = 0;
        var rows = new List<(long, ReadOnlyMemory<byte>)>();
        foreach (var file in files)
        {
            for (var i = 0; i < BlobLayout.BlobCount(file.Length); i++)
            {
                for (var c = 0; c < copies; c++)
                {
                    rows.Add((id++, FileBlobs.Blob(file, i)));
                }
            }
        }
        // Same batching as the store: 8 rows per transaction, batches in parallel.
        await Task.WhenAll(rows.Chunk(8).Select(async chunk =>
        {
            await using var conn = await ds.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(conn, tx);
            foreach (var (rid, data) in chunk)
            {
                var cmd = new NpgsqlBatchCommand("INSERT INTO bench_raw (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data");
                cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rid });
                cmd.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Bytea });
                batch.BatchCommands.Add(cmd);
            }
            await batch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }));
    }

    internal static async Task RawGetAsync(NpgsqlDataSource ds, byte[][] files)
    {
        // The same read as the store's: each blob's first copy (the table holds the R copies of the last raw put) streamed
        // with sequential access straight into its place in the file.
        var rows = new List<(int File, int Blob, long Id)>();
        long id = 0;
        for (var f = 0; f < files.Length; f++)
        {
            for (var i = 0; i < BlobLayout.BlobCount(files[f].Length); i++)
            {
                rows.Add((f, i, id));
                id += Replicas;
            }
        }
        var outputs = files.Select(f => new byte[f.Length]).ToArray();
        await Task.WhenAll(rows.Select(async row =>
        {
            var destination = outputs[row.File].AsMemory(row.Blob * BlobLayout.MaxBlobBytes, BlobLayout.BlobLength(outputs[row.File].Length, row.Blob));
            await using var cmd = ds.CreateCommand("SELECT octet_length(data), data FROM bench_raw WHERE id = $1");
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Id });
            await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow);
            if (!await reader.ReadAsync() || reader.GetInt32(0) != destination.Length)
            {
                throw new InvalidOperationException($"raw row {row.Id} missing or of the wrong length");
            }
            await using var stream = await reader.GetStreamAsync(1);
            await stream.ReadExactlyAsync(destination);
        }));
    }

    private static object Samples()
    {
        var blob = Random(BlobLayout.MaxBlobBytes, 99);
        var root = CellMerkle.Root(blob);
        var masked = (byte[])blob.Clone();
        ReplicaMask.Apply(root, 3, 1, masked);
        const int n = 2000;
        // Generation as a shard does it per sampled blob: unmask, build the tree, then paths per draw.
        var genSw = Stopwatch.StartNew();
        const int trees = 10;
        byte[][] levels = [];
        for (var t = 0; t < trees; t++)
        {
            var plain = (byte[])masked.Clone();
            ReplicaMask.Apply(root, 3, 1, plain);
            levels = CellMerkle.Levels(plain);
        }
        var treeMs = genSw.Elapsed.TotalMilliseconds / trees;
        var samples = new CellSample[n];
        var seed = SampleChallenge.Seed(root, 3);
        genSw.Restart();
        for (var j = 0; j < n; j++)
        {
            var cell = SampleChallenge.Cell(SampleChallenge.Draw(seed, j, 1).CellSelector, blob.Length);
            samples[j] = new CellSample(root, 1, blob.Length, cell, masked.AsSpan(cell * 32, 32).ToArray(), CellMerkle.Path(levels, cell));
        }
        var pathUs = genSw.Elapsed.TotalMicroseconds / n;
        for (var j = 0; j < 200; j++)
        {
            SampleVerifier.Verify(samples[j], 3);
        }
        var sw = Stopwatch.StartNew();
        var ok = 0;
        for (var j = 0; j < n; j++)
        {
            ok += SampleVerifier.Verify(samples[j], 3) ? 1 : 0;
        }
        var verifyUs = sw.Elapsed.TotalMicroseconds / n;
        if (ok != n)
        {
            throw new InvalidOperationException($"{n - ok} benchmark samples failed to verify");
        }
        return new { blobTreeMs = Math.Round(treeMs, 3), samplePathUs = Math.Round(pathUs, 3), verifyUsPerSample = Math.Round(verifyUs, 3), verified = ok };
    }

    internal static async Task TruncateAsync(NpgsqlDataSource ds, string tables)
    {
        // Each put round starts from empty tables, for the storage path and the raw baseline alike.
        await using var cmd = ds.CreateCommand($"TRUNCATE {tables}");
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<double> Time(Func<Task> run)
    {
        var sw = Stopwatch.StartNew();
        await run();
        return sw.Elapsed.TotalSeconds;
    }

    private static double Mbps(double bytes, double seconds) => Math.Round(bytes / seconds / 1e6, 2);

    private static byte[] Random(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
