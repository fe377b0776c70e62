using Wsc.Chain.Crypto;

namespace Wsc.Silo.Devnet;

/// <summary>
/// Anvil's ten well-known development keys (mnemonic "test test test test test test test test test test test junk",
/// m/44'/60'/0'/0/i). Public knowledge: they sign devnet traffic only. Key 0 is the contracts' deployer.
/// </summary>
public static class DevnetKeys
{
    private static readonly string[] KeyHex =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    private static readonly Lazy<PrivateKey[]> Keys = new(() => [.. KeyHex.Select(PrivateKey.FromHex)]);
    private static readonly Lazy<PrivateKey[]> TraderKeys = new(() => Keys.Value[1..]);

    /// <summary>The ten keys, in anvil's account order.</summary>
    public static IReadOnlyList<PrivateKey> All => Keys.Value;

    /// <summary>Key 0: deploys DevToken and DevPool at <see cref="DevnetContracts.TokenAddress"/> and <see cref="DevnetContracts.PoolAddress"/>.</summary>
    public static PrivateKey Deployer => Keys.Value[0];

    /// <summary>
    /// The devnet's automation key (`Automation:Key` unless set): sha256("wsc devnet automation"), none of anvil's accounts,
    /// so its nonces never race the traffic's. The devnet funds it at start (anvil_setBalance).
    /// </summary>
    public const string AutomationHex = "0x4eecbb7747343bde4bca4fd85aa003e5228a6c0e130815a8422f1da62e2011b9";

    /// <summary>Keys 1-9: the traffic's senders (key 0 is kept for deployments so its nonces stay predictable).</summary>
    public static IReadOnlyList<PrivateKey> Traders => TraderKeys.Value;
}
