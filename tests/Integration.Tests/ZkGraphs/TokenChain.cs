using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Devnet;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>The devnet ERC-20 on a plain anvil: deployed by account 0 at nonce 0 (the examples' token address), transfers, and the volume eth_getLogs reports.</summary>
public sealed class TokenChain(AnvilNode anvil)
{
    private readonly DevChain _dev = new(anvil);
    private int _sent;

    public DevChain Dev => _dev;

    /// <summary>Deploys DevToken; its constructor mints the supply with a Transfer from address 0.</summary>
    public async Task DeployAsync()
    {
        var tx = await anvil.CallAsync("eth_sendTransaction", new { from = DevChain.Account0, data = DevnetContracts.TokenBytecode, gas = "0x500000" });
        var receipt = await _dev.ReceiptAsync(tx.GetString()!);
        Assert.Equal(DevnetContracts.TokenAddress.ToLowerInvariant(), receipt.GetProperty("contractAddress").GetString());
    }

    /// <summary>Mines one block holding <paramref name="transfers"/> token transfers (0: an empty block).</summary>
    public async Task BlockAsync(int transfers)
    {
        if (transfers == 0)
        {
            await anvil.MineAsync(1);
            return;
        }
        await anvil.CallAsync("evm_setAutomine", false);
        var hashes = new List<string>();
        for (var i = 0; i < transfers; i++)
        {
            _sent++;
            var to = "0x" + (0x1000 + _sent).ToString("x40", CultureInfo.InvariantCulture);
            var amount = (BigInteger.Pow(10, 18) * _sent) + _sent;
            var tx = await anvil.CallAsync("eth_sendTransaction", new
            {
                from = DevChain.Account0, to = DevnetContracts.TokenAddress, data = DevnetContracts.EncodeTransfer(to, amount), gas = "0x30000",
            });
            hashes.Add(tx.GetString()!);
        }
        await anvil.CallAsync("evm_mine");
        await anvil.CallAsync("evm_setAutomine", true);
        foreach (var h in hashes)
        {
            await _dev.ReceiptAsync(h);
        }
    }

    /// <summary>The erc20-volume output the block should have, computed from eth_getLogs: null when it has no transfer.</summary>
    public async Task<byte[]?> ExpectedVolumeAsync(ulong number)
    {
        var hash = await _dev.HashAtAsync(number);
        var logs = await anvil.CallAsync("eth_getLogs", new { blockHash = hash, address = DevnetContracts.TokenAddress, topics = new[] { DevnetContracts.TransferTopic } });
        var count = 0u;
        var volume = BigInteger.Zero;
        foreach (var log in logs.EnumerateArray().Where(l => l.GetProperty("topics").GetArrayLength() == 3))
        {
            count++;
            volume += new BigInteger(Convert.FromHexString(log.GetProperty("data").GetString()![2..]), isUnsigned: true, isBigEndian: true);
        }
        if (count == 0)
        {
            return null;
        }
        var output = new byte[44];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(output, number);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(8), count);
        var v = (volume % BigInteger.Pow(2, 256)).ToByteArray(isUnsigned: true, isBigEndian: true);
        v.CopyTo(output, 44 - v.Length);
        return output;
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
