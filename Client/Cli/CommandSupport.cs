using Wsc.Chain.Crypto;

namespace Wsc.Client.Cli;

/// <summary>What every command group that signs or calls the cluster needs: the `--key` option parsed, refusals made one-line errors.</summary>
public static class CommandSupport
{
    /// <summary>A secp256k1 private key from `--key` (0x optional); a malformed one is a one-line <see cref="CliException"/>.</summary>
    public static PrivateKey ParseKey(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        try
        {
            return PrivateKey.FromHex(hex.StartsWith("0x", StringComparison.Ordinal) ? hex : "0x" + hex);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CliException($"--key: expected 32 bytes of hex (0x + 64 digits): {e.Message}");
        }
    }

    /// <summary>
    /// Runs a follow (<paramref name="follow"/>, which ends when its token is cancelled) until the user interrupts
    /// (<paramref name="ct"/>) or the cluster stops answering: <paramref name="probe"/> runs every few seconds, and its
    /// error (a one-line <see cref="CliException"/> from <see cref="ClusterConnection.CallAsync{T}"/>) ends the follow
    /// and is rethrown, so `--follow` never waits forever on a cluster that is gone.
    /// </summary>
    public static async Task FollowUntilInterruptedAsync(Func<CancellationToken, Task> follow, Func<Task> probe, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(follow);
        ArgumentNullException.ThrowIfNull(probe);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var following = follow(stop.Token);
        var watching = Task.Run(async () =>
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), stop.Token);
                await probe();
            }
        }, CancellationToken.None);
        var first = await Task.WhenAny(following, watching);
        await stop.CancelAsync();
        try
        {
            await following;
        }
        catch (OperationCanceledException)
        {
        }
        if (first == watching && !ct.IsCancellationRequested)
        {
            await watching;
        }
    }

    /// <summary>Runs <paramref name="call"/>; the cluster refuses bad input with <see cref="ArgumentException"/>, which the user sees as its one line.</summary>
    public static async Task<T> Refusals<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
    }
}
