using Wsc.Chain.Crypto;

namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>The `Automation` configuration section: the cluster's automation key, which signs `ethereum` destination transactions.</summary>
public sealed class AutomationOptions
{
    /// <summary>0x + 64 hex digits; unset: `ethereum` destinations are not delivered (their outputs wait, undelivered).</summary>
    public string? Key { get; set; }

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
