using System.Text.Json.Nodes;
using Wsc.Chain.Rpc;
using Wsc.Chain.Tests.Fixtures;

namespace Wsc.Chain.Tests.Rpc;

/// <summary>Review: answers that the client should refuse as RpcDataException.</summary>
public sealed class EthRpcClientReviewTests : IDisposable
{
    private readonly FakeNode _node = new();

    private static RpcOptions Fast => new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(5),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 3,
    };

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task GetBlockAsync_by_number_refuses_a_well_formed_block_of_another_height()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        JsonNode? other = null;
        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockByNumber" && other is null)
            {
                other = result!.DeepClone();
                return result;
            }
            return method == "eth_getBlockByNumber" ? other!.DeepClone() : result;
        };
        Assert.NotNull(await rpc.GetBlockAsync(0UL, default));
        // Asked for block 1, the node answers with the (valid) block 0: refused as bad data, like GetHeaderAsync(ulong).
        var e = await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetBlockAsync(1UL, default));
        Assert.Contains("asked for block 1, got block 0", e.Message);
    }

    [Fact]
    public async Task A_header_with_a_fork_field_gap_is_refused_as_bad_data()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockByNumber" && result is JsonObject o)
            {
                o.Remove("baseFeePerGas");
            }
            return result;
        };
        // Actual: InvalidOperationException from BlockHeader.Write escapes VerifiedHeader's try (EthRpcClient.cs:435).
        await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetHeaderAsync(0x2dUL, default));
    }
}
