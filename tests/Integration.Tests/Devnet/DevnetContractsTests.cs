using System.Text.Json;
using Wsc.Chain;
using Wsc.Chain.Abi;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;
using Wsc.Silo.Devnet;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Devnet;

/// <summary>Offline checks of the devnet contract constants against Chain's Keccak/RLP/ABI and the committed build.</summary>
public sealed class DevnetContractsTests
{
    [Theory]
    [InlineData(0UL, DevnetContracts.TokenAddress)]
    [InlineData(1UL, DevnetContracts.PoolAddress)]
    public void Addresses_are_the_CREATE_addresses_of_account_0_at_nonces_0_and_1(ulong nonce, string expected)
    {
        var rlp = new RlpWriter();
        var list = rlp.StartList();
        rlp.Write(Address.Parse(DevnetContracts.Deployer));
        rlp.WriteUInt64(nonce);
        rlp.EndList(list);

        var created = new Address(Keccak.Hash(rlp.WrittenSpan).Span[12..]);

        Assert.Equal(expected, created.ToChecksumString());
    }

    [Fact]
    public void A_wrong_nonce_gives_a_different_address()
    {
        var rlp = new RlpWriter();
        var list = rlp.StartList();
        rlp.Write(Address.Parse(DevnetContracts.Deployer));
        rlp.WriteUInt64(2);
        rlp.EndList(list);
        var created = new Address(Keccak.Hash(rlp.WrittenSpan).Span[12..]);

        Assert.NotEqual(DevnetContracts.TokenAddress, created.ToChecksumString());
        Assert.NotEqual(DevnetContracts.PoolAddress, created.ToChecksumString());
    }

    [Fact]
    public void Topics_and_selectors_match_Chain_ABI_codec()
    {
        Assert.Equal(DevnetContracts.TransferTopic, AbiCodec.EventTopic("Transfer(address,address,uint256)").ToString());
        Assert.Equal(DevnetContracts.ApprovalTopic, AbiCodec.EventTopic("Approval(address,address,uint256)").ToString());
        Assert.Equal(DevnetContracts.SyncTopic, AbiCodec.EventTopic("Sync(uint112,uint112)").ToString());
        Assert.Equal(DevnetContracts.SwapTopic, AbiCodec.EventTopic("Swap(address,uint256,uint256,uint256,uint256,address)").ToString());
        Assert.Equal(DevnetContracts.SwapSelector, "0x" + Convert.ToHexStringLower(AbiCodec.Selector("swap(uint256,uint256,address)")));
        Assert.Equal(DevnetContracts.TransferSelector, "0x" + Convert.ToHexStringLower(AbiCodec.Selector("transfer(address,uint256)")));
    }

    [Theory]
    [InlineData("DevToken", "Transfer", DevnetContracts.TransferTopic)]
    [InlineData("DevToken", "Approval", DevnetContracts.ApprovalTopic)]
    [InlineData("DevPool", "Sync", DevnetContracts.SyncTopic)]
    [InlineData("DevPool", "Swap", DevnetContracts.SwapTopic)]
    public void Committed_abi_declares_the_events_the_constants_name(string contract, string evt, string topic)
    {
        using var artifact = JsonDocument.Parse(File.ReadAllText(Path.Combine(Paths.RepoRoot, "contracts", "build", contract + ".json")));
        var abiEvent = artifact.RootElement.GetProperty("abi").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "event" && e.GetProperty("name").GetString() == evt);
        var signature = $"{evt}({string.Join(',', abiEvent.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()))})";

        Assert.Equal(topic, AbiCodec.EventTopic(signature).ToString());
    }

    [Fact]
    public void Embedded_bytecode_is_the_committed_build()
    {
        foreach (var (contract, embedded) in new[] { ("DevToken", DevnetContracts.TokenBytecode), ("DevPool", DevnetContracts.PoolBytecode) })
        {
            using var artifact = JsonDocument.Parse(File.ReadAllText(Path.Combine(Paths.RepoRoot, "contracts", "build", contract + ".json")));
            Assert.Equal(artifact.RootElement.GetProperty("bytecode").GetString(), embedded);
            Assert.True(embedded.Length > 1000);
        }
    }
}
