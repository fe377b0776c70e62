using Wsc.Chain.Crypto;

namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>The `Automation` configuration section: the cluster's automation key, which signs `ethereum` destination transactions.</summary>
public sealed class AutomationOptions
{
    /// <summary>0x + 64 hex digits; unset: `ethereum` destinations are not delivered (their outputs wait, undelivered).</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Fault injection for the crash tests only (unset in every profile): `after-persist` or `after-send` makes the
    /// automation sender write the transaction hash to <see cref="FaultPauseFile"/> at that point and then hang, so a
    /// test can SIGKILL the silo exactly there.
    /// </summary>
    public string? FaultPause { get; set; }

    /// <summary>Where <see cref="FaultPause"/> writes the transaction hash when it hangs.</summary>
    public string? FaultPauseFile { get; set; }

    /// <summary>The hook that hangs at <paramref name="point"/> when <see cref="FaultPause"/> names it; null otherwise.</summary>
    public Func<AutomationTransaction, Task>? FaultHook(string point) =>
        FaultPause != point || string.IsNullOrEmpty(FaultPauseFile)
            ? null
            : async tx =>
            {
                await File.WriteAllTextAsync(FaultPauseFile, tx.TxHash);
                await Task.Delay(Timeout.Infinite);
            };

    /// <summary>The parsed key, or null when unset; throws one line naming the setting when it is malformed.</summary>
    public PrivateKey? PrivateKey()
    {
        if (string.IsNullOrEmpty(Key))
        {
            return null;
        }
        try
        {
            return Wsc.Chain.Crypto.PrivateKey.FromHex(Key);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ArgumentException("Automation:Key: expected 0x and 64 hex digits of a secp256k1 private key", e);
        }
    }
}
