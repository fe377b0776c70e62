using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Silo.Devnet;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>The devnet's automation receiver (price-threshold's destination): any call emits the calldata it received.</summary>
public sealed class DevnetReceiverTests
{
    [Fact]
    public async Task The_receiver_is_created_at_its_address_and_logs_exactly_the_calldata_it_receives()
    {
        Assert.Equal(Address.Parse(DevnetContracts.ReceiverAddress), ContractAddress.Create(PrivateKey.FromHex(DevnetContracts.ReceiverDeployerHex).Address, 0));
        using var anvil = new AnvilNode();
        using var rpc = new EthRpcClient(anvil.Rpc);
        await DevnetZkGraphs.DeployReceiverAsync(rpc, 31337, CancellationToken.None);
        await DevnetZkGraphs.DeployReceiverAsync(rpc, 31337, CancellationToken.None); // already there: nothing sent

        var calldata = Enumerable.Range(0, 45).Select(i => (byte)(i * 7)).ToArray();
        var tx = await DevnetTraffic.SignAndSendAsync(rpc, 31337, PrivateKey.FromHex(AnvilNode.Key0), Address.Parse(DevnetContracts.ReceiverAddress), calldata, CancellationToken.None);
        var receipt = await rpc.WaitForReceiptAsync(tx, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.True(receipt.Status);
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(Address.Parse(DevnetContracts.ReceiverAddress), log.Address);
        Assert.Equal(DevnetContracts.ReceivedTopic, Assert.Single(log.Topics).ToString());
        Assert.Equal(calldata, log.Data);
        Assert.Equal(1UL, await rpc.GetTransactionCountAsync(PrivateKey.FromHex(DevnetContracts.ReceiverDeployerHex).Address, "latest"));
    }
}
