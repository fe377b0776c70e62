using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Zk.Receipts;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Grains.Proving;

/// <summary>
/// One proof job, a thin shell round <see cref="ProofJob"/>: it plans the run, waits for admission, hands segments to
/// provers (keys from <see cref="ProverKeys"/>), verifies each proof off the scheduler, stores verified proofs, and
/// assembles, verifies and stores the receipt. The job lives in the <see cref="IProofJobStore"/>, never in grain state;
/// a reminder re-activates an unfinished job after its silo died, and activation resumes it from the store.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in OnDeactivateAsync, the grain's end of life.")]
public sealed class ProofJobGrain(IProofJobStore store, IOptions<ProvingOptions> options, ILogger<ProofJobGrain> logger) : Grain, IProofJobGrain, IRemindable
{
    private const string ReminderName = "resume";
    private readonly ProvingOptions _options = options.Value;
    private readonly SemaphoreSlim _saving = new(1, 1);
    // Cancels the prover calls of this activation once the job is finished: a failed job's other segments stop.
    private readonly CancellationTokenSource _inFlight = new();
    private ProofJob? _job;
    private ProgramImage? _image;
    private byte[] _program = [];
    private byte[] _input = [];
    private ExecutionResult? _run;
    private RunMemory? _memory;
    private IGrainTimer? _timer;
    private bool _assembling;
    private ReceiptVerifier? _verifier;
    // The job's span in its tick's trace (ProvingTracing), from start or resume to the job's end.
    private System.Diagnostics.Activity? _span;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(this.GetPrimaryKeyString());
        if (stored is null)
        {
            return;
        }
        if (stored.State is ProofJobState.Verified or ProofJobState.Failed)
        {
            _job = ProofJob.Resume(stored, new HashSet<int>(), _options.MaxAttempts);
            return;
        }
        var proofs = await store.SegmentsAsync(stored.Id);
        _job = ProofJob.Resume(stored, proofs.Keys.ToHashSet(), _options.MaxAttempts);
        var inputs = await store.InputsAsync(stored.Id) ?? throw new InvalidOperationException($"proof job {stored.Id} has no stored program and input");
        if (await LoadAsync(inputs.Program, inputs.Input, stored.SegmentLog2) is { } problem)
        {
            _job.Fail(problem, DateTime.UtcNow);
        }
        logger.LogInformation("proof job {Job} resumed: {Done} of {Segments} segments verified", stored.Id, _job.Snapshot().SegmentsDone, _job.Segments.Count);
        _span ??= ProvingTracing.StartJob(_job.Snapshot(), resumed: true);
        await SaveAsync();
        // The activation that created the job may have died before its reminder was registered (older builds did it
        // after the store's create): every activation of an unfinished job makes sure it comes back after a crash.
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), cancellationToken);
        Run();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A job deactivated unfinished (its silo shutting down) ends its span here; the resumed job starts another.
        EndSpan("deactivated: " + reason.Description);
        _saving.Dispose();
        _inFlight.Dispose();
        return Task.CompletedTask;
    }

    public async Task<ProofJobView> StartAsync(ProofRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_job is not null)
        {
            return _job.Snapshot();
        }
        var id = this.GetPrimaryKeyString();
        var now = DateTime.UtcNow;
        var problem = await LoadAsync(request.Program, request.Input, _options.SegmentLog2);
        var imageId = _image?.Id.ToString() ?? "";
        var job = problem is null
            ? ProofJob.Plan(id, request.GraphId, request.Block, request.BlockHash, imageId, _run!.Cycles, _options.SegmentLog2, _options.MaxAttempts, now)
            : ProofJob.Unplannable(id, request.GraphId, request.Block, request.BlockHash, imageId, problem, now);
        if (!job.Finished)
        {
            // Before the create: a silo killed between the two would otherwise leave a stored, unfinished job that
            // nothing activates again (the listing reads the store). A reminder without a job stops itself.
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        if (!await store.CreateAsync(job.Snapshot(), request.Program, request.Input))
        {
            // Created before (by this grain on a silo that died): that job stands.
            await OnActivateAsync(CancellationToken.None);
            return _job!.Snapshot();
        }
        _job = job;
        if (job.Finished)
        {
            ProvingMetrics.JobsFailed.Add(1);
            logger.LogWarning("proof job {Job} failed: {Reason}", id, job.Reason);
            return job.Snapshot();
        }
        _span = ProvingTracing.StartJob(job.Snapshot(), resumed: false);
        Run();
        return job.Snapshot();
    }

    public Task<ProofJobView?> GetAsync() => Task.FromResult(_job?.Snapshot());

    public async Task<byte[]?> ReceiptAsync() => _job?.State == ProofJobState.Verified ? await store.ReceiptAsync(_job.Id) : null;

    // The reminder only needs the grain active: activation resumes the job.
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_job is null || _job.Finished)
        {
            await StopAsync();
        }
    }

    /// <summary>
    /// Parses the program and runs it once with a trace (on the thread pool: a run may take seconds): cycles to plan
    /// with, the output and exit code segment proofs are checked against, and the run's memory plan (every segment's
    /// statement root and the memory challenges, as each prover derives them). Null when it ran to its exit, else why not.
    /// </summary>
    private async Task<string?> LoadAsync(byte[] program, byte[] input, int segmentLog2)
    {
        _program = program;
        _input = input;
        try
        {
            _image = ProgramImage.FromElf(program);
        }
        catch (ElfFormatException e)
        {
            return "the program does not load: " + e.Message;
        }
        _verifier = new ReceiptVerifier(_options.Proof());
        var image = _image;
        var options = _options.Proof();
        (_run, _memory) = await Task.Run(() =>
        {
            var run = new Executor(image, new ExecutionOptions { MaxCycles = _options.MaxCycles, RecordTrace = true, SegmentCyclesLog2 = segmentLog2 }).Run(input);
            return (run, run.Trap is null ? RunMemory.Of(image, run, options) : null);
        });
        return _run.Trap is { } trap ? $"the run trapped after {_run.Cycles} cycles: {trap.Message}" : null;
    }

    private void Run() =>
        _timer ??= this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = _options.PollInterval, KeepAlive = true });

    /// <summary>One look at the job: admission (and its heartbeat), hand out segments, assemble when all verified.</summary>
    private async Task PumpAsync(CancellationToken ct)
    {
        var job = _job!;
        if (job.Finished)
        {
            await StopAsync();
            return;
        }
        var queue = GrainFactory.GetGrain<IProofQueueGrain>(0);
        var reason = await queue.AdmitAsync(job.Id);
        if (job.State == ProofJobState.Queued)
        {
            if (reason is null)
            {
                job.Admit(DateTime.UtcNow);
            }
            else if (reason != job.Reason)
            {
                job.Wait(reason);
                await SaveAsync();
            }
        }
        if (job.State == ProofJobState.Proving)
        {
            foreach (var index in job.Expire(_options.SegmentTimeout, DateTime.UtcNow))
            {
                ProvingMetrics.SegmentFailures.Add(1);
                logger.LogWarning("proof job {Job} segment {Index}: {Error}", job.Id, index, job.Segments[index].LastError);
            }
            if (job.Finished)
            {
                await SaveAsync();
                await StopAsync();
                return;
            }
            Dispatch();
        }
        if (job.State == ProofJobState.Assembling)
        {
            await AssembleAsync();
        }
        await SaveAsync();
    }

    private void Dispatch()
    {
        var job = _job!;
        // Each attempt of a segment goes to the next prover key (Attempts is still the previous count here): an attempt
        // lost with a silo, timed out on a wedged prover or rejected is not sent back to the same prover.
        var handed = job.Dispatch(_options.Width, i => ProverKeys.For(job.Id, i + job.Segments[i].Attempts, _options.Width), DateTime.UtcNow);
        foreach (var index in handed)
        {
            _ = ProveAsync(index, job.Segments[index].Prover!);
        }
    }

    private async Task ProveAsync(int index, string proverKey)
    {
        var job = _job!;
        using var span = ProvingTracing.StartSegment(_span, job.Id, index, proverKey, job.Segments[index].Attempts);
        SegmentResult result;
        // This attempt's number: its failure is stale once the segment timed out and was handed out again.
        var attempt = job.Segments[index].Attempts;
        try
        {
            var task = new SegmentTask(job.Id, _program, _input, job.Snapshot().SegmentLog2, index, attempt);
            result = await GrainFactory.GetGrain<IProverGrain>(proverKey).ProveAsync(task, _inFlight.Token);
        }
        catch (OperationCanceledException) when (_inFlight.IsCancellationRequested)
        {
            return; // the job finished (a segment failed it) and stopped its other segments
        }
        catch (Exception e)
        {
            // The prover's silo died or the call timed out: another attempt, wherever the key is placed now.
            ProvingMetrics.SegmentFailures.Add(1);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "lost: " + e.GetType().Name);
            logger.LogWarning("proof job {Job} segment {Index} on {Prover} lost: {Error}", job.Id, index, proverKey, e.Message.ReplaceLineEndings(" "));
            if (!job.ProveFailed(index, $"{proverKey}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", permanent: false, DateTime.UtcNow, attempt))
            {
                return;
            }
            // Not handed out again at once: the next poll does, so a silo not yet declared dead is not hammered.
            await SaveAsync();
            if (job.Finished)
            {
                await StopAsync();
            }
            return;
        }
        span?.SetTag("wsc.proof.silo", result.Silo);
        span?.SetTag("wsc.proof.prove_ms", result.ProveMs);
        if (result.Segment is null)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Error);
            if (job.ProveFailed(index, result.Error ?? "the prover returned nothing", result.Permanent, DateTime.UtcNow, attempt))
            {
                await AfterChangeAsync();
            }
            return;
        }
        if (!job.Proven(index, result.Silo, result.ProveMs, DateTime.UtcNow))
        {
            return;
        }
        string? problem;
        try
        {
            problem = await Task.Run(() => Check(index, result.Segment));
            if (problem is null)
            {
                await store.SaveSegmentAsync(job.Id, index, result.Segment);
            }
        }
        catch (Exception e)
        {
            // Not a verdict on the proof (the store is unreachable, the verifier threw): proven again, like a lost one.
            // Uncaught here, the segment would stay proven and nothing would hand it out again.
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "check failed: " + e.GetType().Name);
            logger.LogWarning("proof job {Job} segment {Index}: check or store failed: {Error}", job.Id, index, e.Message.ReplaceLineEndings(" "));
            job.CheckFailed(index, $"check or store failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", DateTime.UtcNow);
            await AfterChangeAsync();
            return;
        }
        if (problem is null)
        {
            job.Verified(index, DateTime.UtcNow);
        }
        else
        {
            ProvingMetrics.SegmentsRejected.Add(1);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "rejected: " + problem);
            logger.LogWarning("proof job {Job} segment {Index} proven on {Silo} was rejected and is proven again: {Reason}", job.Id, index, result.Silo, problem);
            job.Rejected(index, problem, DateTime.UtcNow);
        }
        await AfterChangeAsync();
    }

    /// <summary>Null when the segment decodes, is the one asked for and verifies against this run; else why not.</summary>
    private string? Check(int index, byte[] bytes)
    {
        ProvenSegment segment;
        try
        {
            segment = ProvenSegment.Decode(bytes);
        }
        catch (FormatException e)
        {
            return $"segment {index}: {e.Message}";
        }
        if (segment.Index != index)
        {
            return $"segment {index}: the prover answered with segment {segment.Index}";
        }
        var run = _run!;
        if (_memory is null)
        {
            return $"segment {index}: the run has no memory plan (it did not run to its exit)";
        }
        _verifier ??= new ReceiptVerifier(_options.Proof());
        return SegmentVerifier.Verify(_image!, _input, run.Output, segment, index == _job!.Segments.Count - 1, unchecked((uint)run.ExitCode), _memory, _verifier);
    }

    private async Task AfterChangeAsync()
    {
        var job = _job!;
        if (job.State == ProofJobState.Proving)
        {
            Dispatch();
        }
        else if (job.State == ProofJobState.Assembling)
        {
            await AssembleAsync();
        }
        await SaveAsync();
        if (job.Finished)
        {
            await StopAsync();
        }
    }

    private async Task AssembleAsync()
    {
        var job = _job!;
        if (_assembling)
        {
            return;
        }
        _assembling = true;
        using var span = ProvingTracing.StartChild(_span, "proof assemble", job.Id);
        try
        {
            var stored = await store.SegmentsAsync(job.Id);
            var run = _run!;
            var problem = await Task.Run(() =>
            {
                try
                {
                    var segments = Enumerable.Range(0, job.Segments.Count).Select(i => ProvenSegment.Decode(stored[i])).ToArray();
                    var receipt = SegmentVerifier.Assemble(run.ImageId, run.InputDigest, _input, run.Output, unchecked((uint)run.ExitCode), run.Cycles, _options.Proof(), segments);
                    var verdict = (_verifier ??= new ReceiptVerifier(_options.Proof())).Verify(receipt, _image!, _image!.Id);
                    return verdict.IsValid ? (receipt.Encode(), (string?)null) : (null, verdict.Reason);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or KeyNotFoundException)
                {
                    return (null, e.Message.ReplaceLineEndings(" "));
                }
            });
            if (problem.Item2 is { } reason)
            {
                job.Fail("the assembled receipt does not verify: " + reason, DateTime.UtcNow);
                return;
            }
            await store.SaveReceiptAsync(job.Id, problem.Item1!);
            job.Complete(DateTime.UtcNow);
            ProvingMetrics.JobsVerified.Add(1);
            logger.LogInformation("proof job {Job}: receipt of {Segments} segments verified and stored", job.Id, job.Segments.Count);
        }
        finally
        {
            _assembling = false;
        }
    }

    private async Task StopAsync()
    {
        // Segments still with provers are of no use now (the job failed, or calls left over once it verified): provers
        // drop the ones still waiting for a slot.
        await _inFlight.CancelAsync();
        if (_job is { State: ProofJobState.Failed } failed && _timer is not null)
        {
            ProvingMetrics.JobsFailed.Add(1);
            logger.LogWarning("proof job {Job} failed: {Reason}", failed.Id, failed.Reason);
        }
        _timer?.Dispose();
        _timer = null;
        EndSpan(_job?.Snapshot().StateText ?? "unknown");
        await GrainFactory.GetGrain<IProofQueueGrain>(0).ReleaseAsync(this.GetPrimaryKeyString());
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Ends the job's span with the job's state (an error unless the receipt verified).</summary>
    private void EndSpan(string state)
    {
        if (_span is not { } span)
        {
            return;
        }
        _span = null;
        span.SetTag("wsc.proof.state", state);
        if (_job?.State != ProofJobState.Verified)
        {
            span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, state);
        }
        span.Stop();
    }

    /// <summary>Writes the job as it is now; serialised, so a slower earlier write never lands after a later one.</summary>
    private async Task SaveAsync()
    {
        if (_job is null)
        {
            return;
        }
        await _saving.WaitAsync();
        try
        {
            await store.SaveAsync(_job.Snapshot());
        }
        finally
        {
            _saving.Release();
        }
    }
}
