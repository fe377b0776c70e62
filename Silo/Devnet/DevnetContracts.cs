using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text.Json;

namespace Wsc.Silo.Devnet;

/// <summary>
/// The devnet's contracts (sources and build in `contracts/`): addresses, selectors, event topics and the
/// embedded compiled bytecode. The addresses are CREATE addresses of anvil account 0 at nonces 0 and 1.
/// </summary>
public static class DevnetContracts
{
    /// <summary>Anvil's default account 0, the deployer.</summary>
    public const string Deployer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    /// <summary>DevToken (ERC-20), deployed by account 0 at nonce 0.</summary>
    public const string TokenAddress = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    /// <summary>DevPool (Uniswap-V2-like pool), deployed by account 0 at nonce 1.</summary>
    public const string PoolAddress = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

    /// <summary>keccak("Transfer(address,address,uint256)").</summary>
    public const string TransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    /// <summary>keccak("Approval(address,address,uint256)").</summary>
    public const string ApprovalTopic = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";

    /// <summary>keccak("Sync(uint112,uint112)").</summary>
    public const string SyncTopic = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1";

    /// <summary>keccak("Swap(address,uint256,uint256,uint256,uint256,address)").</summary>
    public const string SwapTopic = "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822";

    /// <summary>transfer(address,uint256).</summary>
    public const string TransferSelector = "0xa9059cbb";

    /// <summary>balanceOf(address).</summary>
    public const string BalanceOfSelector = "0x70a08231";

    /// <summary>swap(uint256,uint256,address) of DevPool.</summary>
    public const string SwapSelector = "0x6d9a640a";

    /// <summary>getReserves() of DevPool.</summary>
    public const string GetReservesSelector = "0x0902f1ac";

    /// <summary>
    /// The devnet's automation receiver: price-threshold's `ethereum` destination. Any call to it emits one log whose
    /// topic0 is <see cref="ReceivedTopic"/> and whose data is exactly the calldata it received, so the loop
    /// Ethereum → zkGraph → Ethereum shows on the chain. Created by <see cref="ReceiverDeployerHex"/> at nonce 0.
    /// </summary>
    public const string ReceiverAddress = "0xf5e28f51621c2291677d05c82d4a2a60b9834160";

    /// <summary>sha256("wsc devnet receiver"): the key that creates the receiver (nonce 0), none of anvil's accounts.</summary>
    public const string ReceiverDeployerHex = "0xd6093ad04aa0061a0d6530fd11584eefe984a16a639a9dfbc3546ad5f6956d08";

    /// <summary>keccak256("WscAutomationCalldata()"): topic0 of the receiver's log.</summary>
    public static string ReceivedTopic => Wsc.Chain.Crypto.Keccak.Hash("WscAutomationCalldata()"u8).ToString();

    /// <summary>
    /// The receiver's creation code, written in EVM assembly (no compiler needed for 41 bytes): init copies the runtime
    /// and returns it; runtime = CALLDATACOPY(0, 0, CALLDATASIZE); LOG1(0, CALLDATASIZE, topic); STOP.
    /// </summary>
    public static string ReceiverBytecode => "0x6029806009" + "5f395ff3" + "365f5f37" + "7f" + ReceivedTopic[2..] + "365fa100";

    private static readonly Lazy<string> TokenCode = new(() => LoadBytecode("DevToken"));
    private static readonly Lazy<string> PoolCode = new(() => LoadBytecode("DevPool"));

    /// <summary>DevToken creation bytecode (0x hex) from `contracts/build/DevToken.json`.</summary>
    public static string TokenBytecode => TokenCode.Value;

    /// <summary>DevPool creation bytecode (0x hex) from `contracts/build/DevPool.json`.</summary>
    public static string PoolBytecode => PoolCode.Value;

    /// <summary>Calldata of `transfer(to, amount)`.</summary>
    public static string EncodeTransfer(string to, BigInteger amount) => TransferSelector + Word(to) + Word(amount);

    /// <summary>Calldata of `balanceOf(owner)`.</summary>
    public static string EncodeBalanceOf(string owner) => BalanceOfSelector + Word(owner);

    /// <summary>Calldata of `swap(amount0In, amount1In, to)`.</summary>
    public static string EncodeSwap(BigInteger amount0In, BigInteger amount1In, string to) =>
        SwapSelector + Word(amount0In) + Word(amount1In) + Word(to);

    /// <summary>Decodes `getReserves()` output into (reserve0, reserve1).</summary>
    public static (BigInteger Reserve0, BigInteger Reserve1) DecodeReserves(string returnData)
    {
        var hex = returnData.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? returnData[2..] : returnData;
        if (hex.Length < 128)
        {
            throw new DevnetRpcException($"getReserves returned {hex.Length / 2} bytes, expected at least 64");
        }
        return (DevnetRpc.ParseHex("0x" + hex[..64]), DevnetRpc.ParseHex("0x" + hex[64..128]));
    }

    /// <summary>A 32-byte ABI word of an address (left-padded).</summary>
    public static string Word(string address)
    {
        var hex = address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? address[2..] : address;
        if (hex.Length != 40 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{address}' is not a 20-byte hex address", nameof(address));
        }
        return hex.ToLowerInvariant().PadLeft(64, '0');
    }

    /// <summary>A 32-byte ABI word of an unsigned integer.</summary>
    public static string Word(BigInteger value)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "expected a uint256");
        }
        var hex = value.IsZero ? "0" : value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return hex.PadLeft(64, '0');
    }

    private static string LoadBytecode(string contract)
    {
        var name = $"Wsc.Silo.Devnet.Contracts.{contract}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded artifact {name} is missing: run contracts/compile.sh and rebuild");
        using var doc = JsonDocument.Parse(stream);
        var code = doc.RootElement.GetProperty("bytecode").GetString();
        return code is { Length: > 2 } && code.StartsWith("0x", StringComparison.Ordinal)
            ? code
            : throw new InvalidOperationException($"embedded artifact {name} has no bytecode");
    }
}
