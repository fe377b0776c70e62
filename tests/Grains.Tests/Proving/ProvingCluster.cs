using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Proving;

namespace Wsc.Grains.Tests.Proving;

/// <summary>
/// Three in-process silos with the proof network: small segments (2^8 cycles) and small-query proofs so a job of
/// several segments proves in seconds, one segment at a time per silo, and one job store shared by the silos (as
/// PostgreSQL is in production) so a job resumes on another silo. Carries a fault injector that tests arm.
/// </summary>
public sealed class ProvingCluster : IAsyncLifetime
{
    public const int SegmentLog2 = 8;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public MemoryProofJobStore Store { get; } = new();

    public CorruptingFaults Faults { get; } = new();

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Proving:SegmentLog2"] = SegmentLog2.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Proving:Concurrency"] = "1",
        ["Proving:MaxQueuedJobs"] = "2",
        ["Proving:Width"] = "6",
        ["Proving:Blowup"] = "4",
        ["Proving:Queries"] = "8",
        ["Proving:GrindingBits"] = "0",
        ["Proving:FoldingFactor"] = "4",
        ["Proving:RemainderSize"] = "8",
        ["Proving:PollInterval"] = "00:00:00.100",
    };

    public async Task InitializeAsync()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddWscProving(config);
            silo.Services.AddSingleton<IProofJobStore>(Store);
            silo.Services.AddSingleton<IProverFaults>(Faults);
            // A killed silo is declared dead in seconds, so calls to its grains fail over quickly.
            silo.Services.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Polls the job until it is finished (verified or failed), calls failing while a dead silo is detected included.</summary>
    /// <summary>The job in one line for assertion messages: state, then each segment's state, silo, attempts and last error.</summary>
    public static string Describe(ProofJobView v) =>
        v.StateText + "; " + string.Join("; ", v.Segments.Select(s => $"{s.Index} {s.State} {s.Prover}@{s.Silo} attempts {s.Attempts} {s.LastError}"));

    public async Task<ProofJobView> FinishedAsync(string id, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        ProofJobView? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                last = await Client.GetGrain<IProofJobGrain>(id).GetAsync();
                if (last is { State: ProofJobState.Verified or ProofJobState.Failed })
                {
                    return last;
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The job's silo was just killed: the next call activates it elsewhere.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {id} not finished after {timeout}: {(last is null ? "no job" : Describe(last))}");
    }
}
