using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Directories;
using Wsc.Storage.Sampling;
using Wsc.Storage.Web3;

namespace Wsc.Client.Storage;

/// <summary>
/// Storage operations over an Orleans client, for the CLI and tests: signed puts streamed in parts, reads streamed blob by
/// blob and checked against the owner-signed roots, and verification that trusts only the owner's signature and the
/// Orleans-free verifiers (roots recomputed, fresh samples checked locally).
/// </summary>
public static class StorageClient
{
    // A part is one message of blobs; this many are in flight at once. Memory on both sides is about
    // (PartsInFlight + 1) × BlobsPerPart × 128 KiB (4 MiB), whatever the file's size.
    private const int BlobsPerPart = 8;
    private const int PartsInFlight = 3;

    // Reads: blobs per message, and messages fetched ahead of the one being written.
    private const int BlobsPerRead = 8;
    private const int ReadsAhead = 2;

    /// <summary>The cluster's chain id and storage limits.</summary>
    public static Task<StorageSettings> SettingsAsync(IClusterCalls calls) =>
        calls.CallAsync("storage settings", c => c.GetGrain<IStorageGatewayGrain>(0).SettingsAsync());

    /// <summary>Signs and stores <paramref name="bytes"/> at <paramref name="url"/> with the owner's key (streamed like a file).</summary>
    public static async Task<StoragePutResult> PutAsync(IClusterClient client, StorageUrl url, byte[] bytes, PrivateKey owner)
    {
        var calls = new DirectCalls(client);
        using var stream = new MemoryStream(bytes, writable: false);
        return await PutAsync(calls, url, stream, bytes.LongLength, owner, await SettingsAsync(calls));
    }

    /// <summary>
    /// Signs and stores the first <paramref name="length"/> bytes of <paramref name="file"/> (seekable; read twice: once for
    /// the roots the owner signs, once to send the blobs) at <paramref name="url"/>. Nothing is sent before the cluster
    /// has accepted the signed write (owner, nonce, chain, <see cref="StorageSettings.MaxFileBytes"/>); blobs go in parts
    /// of a few at a time; the entry is published by the final commit only once every blob is stored.
    /// <paramref name="hashed"/> and <paramref name="sent"/> hear byte counts as the two passes advance.
    /// </summary>
    public static async Task<StoragePutResult> PutAsync(IClusterCalls calls, StorageUrl url, Stream file, long length, PrivateKey owner, StorageSettings settings,
        Action<long>? hashed = null, Action<long>? sent = null, CancellationToken cancellationToken = default)
    {
        var start = file.Position;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PutOnceAsync(calls, url, file, length, owner, settings, hashed, sent, cancellationToken);
            }
            catch (Exception e) when (attempt < PutAttempts && UploadInterrupted(e))
            {
                // The silo holding the upload stopped or crashed mid-put, and nothing of it was published (or, if its
                // commit ran before the answer was lost, the same bytes land at the same path again): put it again.
                file.Position = start;
            }
        }
    }

    /// <summary>Whole puts tried when a silo failure interrupts one (a roll restarts each silo once).</summary>
    private const int PutAttempts = 3;

    /// <summary>True when a put failed because its upload session or the silo under it went away, not because it was refused.</summary>
    public static bool UploadInterrupted(Exception e) => e is UploadLostException || FailoverRetry.IsFailover(e)
        || (e.InnerException is not null && UploadInterrupted(e.InnerException));

    private static async Task<StoragePutResult> PutOnceAsync(IClusterCalls calls, StorageUrl url, Stream file, long length, PrivateKey owner, StorageSettings settings,
        Action<long>? hashed, Action<long>? sent, CancellationToken cancellationToken)
    {
        if (owner.Address != url.Owner)
        {
            throw new ArgumentException($"--key belongs to {owner.Address}, but {url} is owned by {url.Owner}");
        }
        if (length > settings.MaxFileBytes)
        {
            throw new ArgumentException($"{url}: {length} bytes exceed the largest file this cluster stores ({settings.MaxFileBytes} bytes, Storage:MaxFileBytes); nothing was uploaded");
        }
        var start = file.Position;
        var roots = await FileBlobs.RootsAsync(file, length, hashed, cancellationToken);
        file.Position = start;
        var directory = StorageKeys.Directory(url.Owner.ToString(), url.ChainId);
        var nonce = await calls.CallAsync($"storage put of {url}", c => c.GetGrain<IStorageDirectoryGrain>(directory).NextNonceAsync());
        var write = ToMessage(new StorageWrite(url.ChainId, url.Owner, StorageOp.Put, StoragePath.Check(url.Path), length, roots, nonce), owner);
        var upload = Guid.NewGuid();
        await calls.CallAsync($"storage put of {url}", async c => { await c.GetGrain<IStorageUploadGrain>(upload).BeginAsync(write); return 0; });

        var perPart = Math.Max(1, Math.Min(BlobsPerPart, settings.MaxBlobsPerCall));
        var inFlight = new Queue<Task>();
        try
        {
            for (var first = 0; first < roots.Length; first += perPart)
            {
                var blobs = new byte[Math.Min(perPart, roots.Length - first)][];
                for (var k = 0; k < blobs.Length; k++)
                {
                    blobs[k] = new byte[BlobLayout.BlobLength(length, first + k)];
                    await file.ReadExactlyAsync(blobs[k], cancellationToken);
                }
                if (inFlight.Count >= PartsInFlight)
                {
                    await inFlight.Dequeue();
                }
                var part = first;
                inFlight.Enqueue(SendPartAsync(calls, url, upload, part, blobs, roots.Length, sent));
            }
            while (inFlight.Count > 0)
            {
                await inFlight.Dequeue();
            }
        }
        finally
        {
            foreach (var t in inFlight)
            {
                _ = t.ContinueWith(x => _ = x.Exception, TaskScheduler.Default);
            }
        }
        return await calls.CallAsync($"storage put of {url}: commit", c => c.GetGrain<IStorageUploadGrain>(upload).CommitAsync());
    }

    private static async Task SendPartAsync(IClusterCalls calls, StorageUrl url, Guid upload, int first, byte[][] blobs, int total, Action<long>? sent)
    {
        await calls.CallAsync($"storage put of {url}: blobs {first}..{first + blobs.Length - 1} of {total}",
            async c => { await c.GetGrain<IStorageUploadGrain>(upload).StoreAsync(first, blobs); return 0; });
        sent?.Invoke(blobs.Sum(b => (long)b.Length));
    }

    /// <summary>Signs and applies a remove of <paramref name="url"/>.</summary>
    public static async Task RemoveAsync(IClusterClient client, StorageUrl url, PrivateKey owner)
    {
        var directory = client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(url.Owner.ToString(), url.ChainId));
        var write = StorageWrite.ForRemove(url.ChainId, url.Owner, url.Path, await directory.NextNonceAsync());
        await client.GetGrain<IStorageGatewayGrain>(0).RemoveAsync(ToMessage(write, owner));
    }

    /// <summary>The file at <paramref name="url"/> in one message (files up to the cluster's Storage:MaxReadBytes), or null.</summary>
    public static Task<StoredFile?> ReadAsync(IClusterClient client, StorageUrl url) =>
        client.GetGrain<IStorageGatewayGrain>(0).ReadAsync(url.Owner.ToString(), url.ChainId, url.Path);

    /// <summary>The directory entry at <paramref name="url"/> (unchecked: see <see cref="EntryProblem"/>), or null.</summary>
    public static Task<DirectoryEntry?> EntryAsync(IClusterCalls calls, StorageUrl url) =>
        calls.CallAsync($"storage get of {url}",
            c => c.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(url.Owner.ToString(), url.ChainId)).GetAsync(url.Path));

    /// <summary>
    /// Null when <paramref name="entry"/> is a put of the file asked for, signed by the URL's owner, with as many roots as
    /// its length needs; else why not. After this, the entry's roots are the owner's commitment to every byte.
    /// </summary>
    public static string? EntryProblem(DirectoryEntry entry, StorageUrl url)
    {
        StorageWrite write;
        byte[] signature;
        try
        {
            write = ToStorageWrite(entry);
            signature = Hex.Decode(entry.Signature);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return $"the cluster served a malformed entry for {url}: {e.Message}";
        }
        if ((write.NotTheFileAskedFor(url.ChainId, url.Owner, url.Path) ?? write.SignatureProblem(signature)) is string problem)
        {
            return problem;
        }
        return entry.Length < 0 || entry.Roots.Length != BlobLayout.BlobCount(entry.Length)
            ? $"the signed entry of {url} has {entry.Roots.Length} roots for {entry.Length} bytes"
            : null;
    }

    /// <summary>
    /// Writes bytes <paramref name="offset"/>..offset+count of the file <paramref name="entry"/> commits to into
    /// <paramref name="output"/>, streamed blob by blob (a few blobs in memory), each blob checked against its signed root
    /// before any of its bytes are written. Throws <see cref="BlobVerificationException"/> at the first blob that fails.
    /// Check the entry first (<see cref="EntryProblem"/>).
    /// </summary>
    public static Task ReadToAsync(IClusterCalls calls, StorageUrl url, DirectoryEntry entry, long offset, long count, Stream output,
        Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var roots = entry.Roots.Select(Hex.Decode).ToArray();
        var gateway = (IClusterClient c) => c.GetGrain<IStorageGatewayGrain>(0);
        var reader = new VerifiedBlobReader(roots, entry.Length, (first, n, ct) =>
            calls.CallAsync($"storage get of {url}: blobs {first}..{first + n - 1} of {roots.Length}", c => gateway(c).ReadBlobsAsync(
                entry.Roots[first..(first + n)], Enumerable.Range(first, n).Select(i => BlobLayout.BlobLength(entry.Length, i)).ToArray())),
            BlobsPerRead, ReadsAhead);
        return reader.ReadAsync(offset, count, async (bytes, ct) =>
        {
            await output.WriteAsync(bytes, ct);
            progress?.Invoke(bytes.Length);
        }, cancellationToken);
    }

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
        return await VerifyEntryAsync(client, url, entry, seed, samples, minNonce);
    }

    /// <summary>
    /// What <see cref="VerifyAsync"/> checks except the bytes (a streamed read checks those blob by blob): the owner's
    /// signature, <paramref name="minNonce"/>, and a fresh challenge of every replica of blobs
    /// <paramref name="firstBlob"/>.. (<paramref name="blobCount"/>; all when null).
    /// </summary>
    public static async Task<FileVerification> VerifyEntryAsync(IClusterClient client, StorageUrl url, DirectoryEntry entry, byte[] seed, int samples = 8, ulong minNonce = 0,
        int firstBlob = 0, int? blobCount = null)
    {
        if (EntryProblem(entry, url) is string problem)
        {
            return new FileVerification(false, 0, problem);
        }
        // After the signature check, so the nonce compared is the owner's.
        if (entry.Nonce < minNonce)
        {
            return new FileVerification(false, 0, $"the cluster served the version signed with nonce {entry.Nonce}, older than --min-nonce {minNonce} (rolled back)");
        }
        var roots = entry.Roots.Skip(firstBlob).Take(blobCount ?? entry.Roots.Length).ToArray();
        var gateway = client.GetGrain<IStorageGatewayGrain>(0);
        var results = new (int Good, string? Problem)[roots.Length];
        // A few blobs challenged at once: a large file has thousands.
        await Parallel.ForEachAsync(Enumerable.Range(0, roots.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (i, _) => results[i] = Challenge(roots[i], await gateway.ChallengeAsync(roots[i], Hex.Encode(seed), samples), seed, samples));
        var firstProblem = results.Select(r => r.Problem).FirstOrDefault(p => p is not null);
        var replicas = roots.Length == 0 ? 0 : results.Min(r => r.Good);
        return new FileVerification(firstProblem is null, replicas, firstProblem);
    }

    // How many distinct replicas answered every sample of a fresh challenge of one blob, and the first failure.
    private static (int Good, string? Problem) Challenge(string root, ReplicaChallenge[] answers, byte[] seed, int samples)
    {
        var good = 0;
        string? problem = null;
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
                problem ??= $"blob {root} replica {a.Replica} on shard {a.Shard}: {failed.Count} of {samples} samples failed";
            }
        }
        return (good, problem);
    }

    private static DirectoryWrite ToMessage(StorageWrite w, PrivateKey signer) =>
        new(w.Owner.ToString(), w.ChainId, w.Op == StorageOp.Remove, w.Path, w.Bytes, w.RootHex(), w.Nonce, Hex.Encode(w.Sign(signer)));

    private static StorageWrite ToStorageWrite(DirectoryEntry e) =>
        new(e.ChainId, Address.Parse(e.Owner), StorageOp.Put, e.Path, e.Length, e.Roots.Select(Hex.Decode).ToList(), e.Nonce)
        {
            Grant = e.Grant is { } g ? PrefixGrant.FromWire(g.Owner, g.ChainId, g.Prefix, g.Grantee, g.For, g.Signature) : null,
        };
}
