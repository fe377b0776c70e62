using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Wsc.Grains.Storage;

/// <summary>
/// Tells a replica that could not be reached (its silo died or is leaving, the call timed out) from one that answered
/// wrongly. A read whose every replica was unreachable fails with the unreachable silo's own exception, which clients
/// retry through the failover; a replica that answered with no or other bytes is a storage fault and is not retried.
/// </summary>
public static class ReplicaFailure
{
    /// <summary>True when <paramref name="e"/> (or an exception inside it) means the replica's silo was not reached.</summary>
    public static bool IsUnreachable(Exception e) => e is SiloUnavailableException or ConnectionFailedException
        or OrleansMessageRejectionException or TimeoutException
        || (e.InnerException is not null && IsUnreachable(e.InnerException));
}
