using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Wsc.Silo.Hosting;

/// <summary>
/// Grain state is stored in Orleans' binary format, not the providers' default JSON (Newtonsoft): a tick ledger page
/// or the follower's window is written often while catching up, and JSON cost most of that write.
/// </summary>
public static class GrainStateSerialization
{
    /// <summary>Makes the named storage providers (memory or ADO.NET) serialize state with the Orleans serializer.</summary>
    public static ISiloBuilder UseBinaryGrainState(this ISiloBuilder silo, params string[] providers)
    {
        ArgumentNullException.ThrowIfNull(silo);
        foreach (var name in providers)
        {
            // Post-configured: whichever runs first, the provider's default (JSON, set only when none is) loses.
            silo.Services.AddOptions<MemoryGrainStorageOptions>(name)
                .PostConfigure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(name)
                .PostConfigure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }
        return silo;
    }
}
