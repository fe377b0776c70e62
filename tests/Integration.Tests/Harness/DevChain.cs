using System.Globalization;
using System.Text.Json;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Harness;

/// <summary>Drives an anvil devnet for tests: deploys a one-log contract and sends transactions that emit events.</summary>
public sealed class DevChain(AnvilNode anvil)
{
    /// <summary>Anvil's default account 0 (unlocked in anvil).</summary>
    public const string Account0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    /// <summary>Init code of a contract whose every call emits LOG1(topic 0x2a) with empty data.</summary>
    private const string EmitterInit = "0x67602a60006000a10060005260086018f3";

    public string? Emitter { get; private set; }

    /// <summary>Deploys the emitter (from account 0) and returns its address.</summary>
    public async Task<string> DeployEmitterAsync()
    {
        var tx = await anvil.CallAsync("eth_sendTransaction", new { from = Account0, data = EmitterInit });
        var receipt = await ReceiptAsync(tx.GetString()!);
        Emitter = receipt.GetProperty("contractAddress").GetString()!;
        return Emitter;
    }

    /// <summary>Waits until the transaction is mined (anvil's automine answers before it has mined).</summary>
    public async Task<JsonElement> ReceiptAsync(string txHash)
    {
        for (var i = 0; i < 200; i++)
        {
            var receipt = await anvil.CallAsync("eth_getTransactionReceipt", txHash);
            if (receipt.ValueKind == JsonValueKind.Object)
            {
                return receipt;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"transaction {txHash} was not mined in 5 s");
    }

    /// <summary>Sends a call to the emitter and waits until it is mined (automine puts it in its own block).</summary>
    public async Task<string> EmitAsync()
    {
        var tx = await anvil.CallAsync("eth_sendTransaction", new { from = Account0, to = Emitter ?? throw new InvalidOperationException("deploy first") });
        await ReceiptAsync(tx.GetString()!);
        return tx.GetString()!;
    }

    public async Task<ulong> HeadAsync() => ParseQuantity((await anvil.CallAsync("eth_blockNumber")).GetString()!);

    public async Task<string> HashAtAsync(ulong number)
    {
        var block = await anvil.CallAsync("eth_getBlockByNumber", "0x" + number.ToString("x"), false);
        return block.GetProperty("hash").GetString()!;
    }

    public async Task<int> LogCountAsync(ulong number)
    {
        var receipts = await anvil.CallAsync("eth_getBlockReceipts", "0x" + number.ToString("x"));
        return receipts.EnumerateArray().Sum(r => r.GetProperty("logs").GetArrayLength());
    }

    public static ulong ParseQuantity(string hex) => ulong.Parse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
