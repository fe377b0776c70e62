using Orleans.Runtime;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Proving;
using Wsc.Zk.Receipts;
using Wsc.Zk.Vm;

namespace Wsc.Grains.Tests.Proving;

/// <summary>Proof jobs on three in-process silos: segments fanned across silos, bad proofs re-proven, jobs resumed after their silo dies.</summary>
public sealed class ProofJobGrainTests(ProvingCluster fixture) : IClassFixture<ProvingCluster>
{
    private static readonly Wsc.Zk.Stark.ProofOptions Options = new(Blowup: 4, Queries: 8, GrindingBits: 0, FoldingFactor: 4, RemainderSize: 8);

    [Fact]
    public async Task A_job_of_several_segments_is_proven_on_several_silos_and_its_receipt_verifies()
    {
        var elf = CounterProgram.Elf(120);
        var view = await fixture.Client.GetGrain<IProofJobGrain>("spread").StartAsync(new ProofRequest(elf, [5], "graph-a", 7, "0xab"));
        Assert.True(view.Segments.Count >= 4, $"{view.Segments.Count} segments");
        var done = await fixture.FinishedAsync("spread", TimeSpan.FromSeconds(90));
        Assert.True(done.State == ProofJobState.Verified, ProvingCluster.Describe(done));
        Assert.All(done.Segments, s => Assert.NotNull(s.Silo));
        Assert.True(done.Segments.Select(s => s.Silo).Distinct().Count() >= 2, string.Join(", ", done.Segments.Select(s => s.Silo)));

        var bytes = await fixture.Client.GetGrain<IProofJobGrain>("spread").ReceiptAsync();
        var receipt = Receipt.Decode(bytes);
        var image = ProgramImage.FromElf(elf);
        var verdict = Receipt.Verify(receipt, image, image.Id, Options);
        Assert.True(verdict.IsValid, verdict.Reason);
        Assert.Equal(CounterProgram.Output(120), verdict.Facts!.Output);
        Assert.Equal(done.Segments.Count, verdict.Facts.Segments);
        // One id, one job: starting it again changes nothing.
        var again = await fixture.Client.GetGrain<IProofJobGrain>("spread").StartAsync(new ProofRequest(elf, [6], null, null, null));
        Assert.Equal(ProofJobState.Verified, again.State);
        Assert.Equal(bytes, await fixture.Store.ReceiptAsync("spread"));
    }

    [Fact]
    public async Task A_segment_proof_that_fails_verification_is_proven_again_and_counted()
    {
        fixture.Faults.Arm("faulty", 1);
        var elf = CounterProgram.Elf(70);
        await fixture.Client.GetGrain<IProofJobGrain>("faulty").StartAsync(new ProofRequest(elf, [], null, null, null));
        var done = await fixture.FinishedAsync("faulty", TimeSpan.FromSeconds(90));
        Assert.True(done.State == ProofJobState.Verified, ProvingCluster.Describe(done));
        Assert.Equal(1, done.Rejections);
        Assert.Equal(1, done.Segments[1].Rejections);
        Assert.Equal(2, done.Segments[1].Attempts);
        Assert.Equal(ProverKeys.For("faulty", 2, 6), done.Segments[1].Prover); // attempt 2 on the next prover key
        Assert.All(done.Segments.Where(s => s.Index != 1), s => Assert.Equal(1, s.Attempts));
        var image = ProgramImage.FromElf(elf);
        Assert.True(Receipt.Verify(Receipt.Decode(await fixture.Store.ReceiptAsync("faulty")), image, image.Id, Options).IsValid);
    }

    [Fact]
    public async Task A_run_that_cannot_be_proven_ends_failed_with_the_reason_and_a_hashing_run_verifies()
    {
        // An ELF that does not load: planned as failed at once.
        var bad = await fixture.Client.GetGrain<IProofJobGrain>("not-elf").StartAsync(new ProofRequest([1, 2, 3], [], null, null, null));
        Assert.StartsWith("failed: the program does not load:", bad.StateText);
        Assert.Null(await fixture.Client.GetGrain<IProofJobGrain>("not-elf").ReceiptAsync());

        // A run that traps: failed with the trap named, at once, not a hang.
        await fixture.Client.GetGrain<IProofJobGrain>("trap").StartAsync(new ProofRequest(CounterProgram.TrapElf(), [], null, null, null));
        var trapped = await fixture.FinishedAsync("trap", TimeSpan.FromSeconds(60));
        Assert.StartsWith("failed: ", trapped.StateText);
        Assert.Contains("trap", trapped.StateText, StringComparison.Ordinal);
        Assert.Null(await fixture.Client.GetGrain<IProofJobGrain>("trap").ReceiptAsync());

        // A run that hashes is proven with the keccak precompile: its receipt verifies.
        await fixture.Client.GetGrain<IProofJobGrain>("keccak").StartAsync(new ProofRequest(CounterProgram.KeccakElf(), [], null, null, null));
        var done = await fixture.FinishedAsync("keccak", TimeSpan.FromSeconds(180));
        Assert.Equal("verified", done.StateText);
        Assert.NotNull(await fixture.Store.ReceiptAsync("keccak"));
    }

    [Fact]
    public async Task A_segment_that_fails_the_job_stops_its_other_segments_waiting_on_provers()
    {
        // Three silos prove one segment at a time and a job keeps six in flight: three prove, three wait for a slot.
        var elf = CounterProgram.Elf(300);
        // Segments 2 and 5 go to the same silo (keys 6 apart by 3, three silos). Both are refused, so whichever of the two
        // takes that silo's slot first fails the job at once (with only 2 refused, segment 5 could take the slot first
        // and prove for a second, long enough for the other silos to start their waiting segments: a race in the test).
        fixture.Faults.ArmRefusal("stopped", 2, "the AIR refuses segment 2 (fault injection)");
        fixture.Faults.ArmRefusal("stopped", 5, "the AIR refuses segment 5 (fault injection)");
        var planned = await fixture.Client.GetGrain<IProofJobGrain>("stopped").StartAsync(new ProofRequest(elf, [], null, null, null));
        Assert.True(planned.Segments.Count >= 8, $"{planned.Segments.Count} segments");
        var failed = await fixture.FinishedAsync("stopped", TimeSpan.FromSeconds(90));
        Assert.Contains(failed.StateText, (string[])["failed: segment 2: the AIR refuses segment 2 (fault injection)", "failed: segment 5: the AIR refuses segment 5 (fault injection)"]);
        var handed = failed.Segments.Sum(s => s.Attempts);

        // The segments already proving end; none of those waiting starts afterwards.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (fixture.Faults.Ended("stopped") < fixture.Faults.Started("stopped") && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        var started = fixture.Faults.Started("stopped");
        Assert.Equal(started, fixture.Faults.Ended("stopped"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(started, fixture.Faults.Started("stopped"));
        Assert.True(started < handed, $"{started} segments started of {handed} handed to provers: none was cancelled");
        Assert.Null(await fixture.Client.GetGrain<IProofJobGrain>("stopped").ReceiptAsync());
    }

    [Fact]
    public async Task Beyond_MaxQueuedJobs_a_job_waits_with_its_reason_visible_and_proves_once_a_slot_frees()
    {
        var queue = fixture.Client.GetGrain<IProofQueueGrain>(0);
        Assert.Null(await queue.AdmitAsync("hold-1"));
        Assert.Null(await queue.AdmitAsync("hold-2"));
        var job = fixture.Client.GetGrain<IProofJobGrain>("waits");
        await job.StartAsync(new ProofRequest(CounterProgram.Elf(10), [], null, null, null));
        ProofJobView view;
        var until = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            view = (await job.GetAsync())!;
        }
        while (view.Reason is null && DateTime.UtcNow < until);
        Assert.Equal(ProofJobState.Queued, view.State);
        Assert.StartsWith("waiting: 2 jobs proving (Proving:MaxQueuedJobs = 2)", view.Reason);
        Assert.All(view.Segments, s => Assert.Equal(0, s.Attempts));
        Assert.Contains("waits", (await queue.StatusAsync()).Waiting);

        await queue.ReleaseAsync("hold-1");
        await queue.ReleaseAsync("hold-2");
        var done = await fixture.FinishedAsync("waits", TimeSpan.FromSeconds(60));
        Assert.True(done.State == ProofJobState.Verified, ProvingCluster.Describe(done));
        Assert.Null(done.Reason);
        Assert.DoesNotContain("waits", (await queue.StatusAsync()).Admitted);
    }

    [Fact]
    public async Task A_job_resumes_on_another_silo_after_its_silo_is_killed_keeping_its_verified_segments()
    {
        var elf = CounterProgram.Elf(300);
        var job = fixture.Client.GetGrain<IProofJobGrain>("resumed");
        var planned = await job.StartAsync(new ProofRequest(elf, [], null, null, null));
        Assert.True(planned.Segments.Count >= 8);
        ProofJobView view;
        do
        {
            await Task.Delay(50);
            view = (await job.GetAsync())!;
        }
        while (view.SegmentsDone < 2 && view.State == ProofJobState.Proving);
        Assert.Equal(ProofJobState.Proving, view.State);
        var host = await HostOf("resumed");
        var before = (await fixture.Store.GetAsync("resumed"))!;
        var keptBefore = before.Segments.Where(s => s.State == ProofSegmentState.Verified).ToDictionary(s => s.Index);
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        await fixture.Cluster.StartAdditionalSiloAsync();

        var done = await fixture.FinishedAsync("resumed", TimeSpan.FromSeconds(120));
        Assert.True(done.State == ProofJobState.Verified, ProvingCluster.Describe(done));
        Assert.NotEqual(host, await HostOf("resumed"));
        foreach (var (index, kept) in keptBefore)
        {
            // Verified before the kill and stored: not proven again.
            Assert.Equal(kept.Attempts, done.Segments[index].Attempts);
            Assert.Equal(kept.Silo, done.Segments[index].Silo);
        }
        var image = ProgramImage.FromElf(elf);
        Assert.True(Receipt.Verify(Receipt.Decode(await fixture.Store.ReceiptAsync("resumed")), image, image.Id, Options).IsValid);
    }

    private async Task<SiloAddress> HostOf(string job)
    {
        var stats = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var hosts = stats.Where(s => s.GrainId.Type.ToString() == "proofjob" && s.GrainId.Key.ToString() == job).Select(s => s.SiloAddress).ToArray();
        Assert.True(hosts.Length == 1, $"job {job} is active on {hosts.Length} silos; grains: {string.Join(", ", stats.Select(s => s.GrainId))}");
        return hosts[0];
    }
}
