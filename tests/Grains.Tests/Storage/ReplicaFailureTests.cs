using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Wsc.Grains.Storage;

namespace Wsc.Grains.Tests.Storage;

/// <summary>Which replica failures a read passes on as failovers (retried by clients) and which as storage faults.</summary>
public sealed class ReplicaFailureTests
{
    [Fact]
    public void A_silo_out_of_reach_is_unreachable_even_inside_another_exception()
    {
        Assert.True(ReplicaFailure.IsUnreachable(new SiloUnavailableException("gone")));
        Assert.True(ReplicaFailure.IsUnreachable(new ConnectionFailedException("Unable to connect to S127.0.0.1:1:2, will retry")));
        Assert.True(ReplicaFailure.IsUnreachable(new TimeoutException("no answer")));
        Assert.True(ReplicaFailure.IsUnreachable(new InvalidOperationException("wrapped", new ConnectionFailedException("lost"))));
    }

    [Fact]
    public void A_replica_that_answered_wrongly_is_not_unreachable()
    {
        Assert.False(ReplicaFailure.IsUnreachable(new InvalidOperationException("row broken")));
        Assert.False(ReplicaFailure.IsUnreachable(new ArgumentException("bad root")));
    }
}
