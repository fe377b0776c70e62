using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Wsc.Chain;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Merkle;
using Wsc.Storage.Tags;

namespace Wsc.Grains.Storage;

/// <summary>
/// One streamed put. Begin checks the signed write before any byte arrives; each part is checked against the signed
/// roots and stored on its replicas; commit is the directory's one atomic update, which re-checks the signature and
/// confirms every replica, so an entry appears only once all its blobs are stored. Reentrant so that parts in flight
/// overlap (the session is only touched between awaits); placed on the silo the client talks to, so bytes make no
/// extra hop. A failing put is logged once.
/// </summary>
[Reentrant, PreferLocalPlacement]
public sealed class StorageUploadGrain(
    IOptions<StorageOptions> options,
    IOptions<EthereumOptions> ethereum,
    BlobTagger tagger,
    ILogger<StorageUploadGrain> logger) : Grain, IStorageUploadGrain
{
    private UploadSession? _session;
    private bool _failureLogged;

    public Task BeginAsync(DirectoryWrite write) => LoggedAsync(write, async () =>
    {
        if (_session is not null)
        {
            // A client retrying its begin gets the same session; another write under the same id is a client bug.
            if (!SameWrite(_session.Write, write))
            {
                throw new ArgumentException($"upload {this.GetPrimaryKey()} already carries the put of {_session.Write.Path}: use a fresh upload id");
            }
            return;
        }
        if (WriteCheck.PutLimitProblem(write, ethereum.Value.ChainId, options.Value.MaxFileBytes) is string limit)
        {
            throw new ArgumentException(limit);
        }
        var owner = Address.TryParse(write.Owner, out var a) ? a : throw new ArgumentException($"owner '{write.Owner}': expected a 0x-prefixed 20-byte address");
        // Refuse before storing anything; the directory checks again, authoritatively, when the put commits.
        var nonce = await Directory(owner, write.ChainId).NextNonceAsync();
        if (WriteCheck.Problem(write, owner, write.ChainId, nonce) is string problem)
        {
            throw new ArgumentException(problem);
        }
        // Reentrant: another begin may have finished while this one awaited the nonce.
        if (_session is not null && !SameWrite(_session.Write, write))
        {
            throw new ArgumentException($"upload {this.GetPrimaryKey()} already carries the put of {_session.Write.Path}: use a fresh upload id");
        }
        _session ??= new UploadSession(write);
    });

    public Task StoreAsync(int firstBlob, byte[][] blobs) => LoggedAsync(_session?.Write, async () =>
    {
        var session = Session();
        if (session.PartProblem(firstBlob, blobs, StorageOptions.MaxBlobsPerCall) is string part)
        {
            throw new ArgumentException(part);
        }
        var roots = await Task.Run(() =>
        {
            var r = new byte[blobs.Length][];
            Parallel.For(0, blobs.Length, k => r[k] = CellMerkle.Root(blobs[k]));
            return r;
        });
        if (session.RootProblem(firstBlob, roots) is string mismatch)
        {
            throw new ArgumentException(mismatch);
        }
        await ReplicaUpload.StoreAsync(GrainFactory, options.Value, tagger, roots, blobs);
        session.MarkStored(firstBlob, blobs.Length);
    });

    public async Task<StoragePutResult> CommitAsync()
    {
        StoragePutResult? result = null;
        await LoggedAsync(_session?.Write, async () =>
        {
            var session = Session();
            if (session.MissingProblem() is string missing)
            {
                throw new ArgumentException(missing);
            }
            var w = session.Write;
            await Directory(Address.Parse(w.Owner), w.ChainId).ApplyAsync(w);
            result = new StoragePutResult(StorageKeys.Url(w.Owner, w.ChainId, w.Path), w.Length, w.Roots.Length, w.Roots);
            // Done: the session's memory goes with the activation.
            DeactivateOnIdle();
        });
        return result!;
    }

    private UploadSession Session() => _session
        ?? throw new UploadLostException($"upload {this.GetPrimaryKey()} is unknown or expired (its silo restarted or it sat idle): run the put again");

    private IStorageDirectoryGrain Directory(Address owner, ulong chainId) =>
        GrainFactory.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(owner.ToString(), chainId));

    private static bool SameWrite(DirectoryWrite a, DirectoryWrite b) =>
        a with { Roots = [] } == b with { Roots = [] } && a.Roots.SequenceEqual(b.Roots);

    // The first failure of a put is logged, once per session (a put the client retries part by part logs once).
    private async Task LoggedAsync(DirectoryWrite? write, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (!_failureLogged)
        {
            _failureLogged = true;
            var url = write is null ? $"(upload {this.GetPrimaryKey()})" : StorageKeys.Url(write.Owner, write.ChainId, write.Path);
            StorageLog.PutFailed(logger, url, write?.Length ?? 0, e.Message.ReplaceLineEndings(" "));
            throw;
        }
    }
}
