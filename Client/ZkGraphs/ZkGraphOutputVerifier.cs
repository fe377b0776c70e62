using Wsc.Chain.Rpc;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Zk.Graph;

namespace Wsc.Client.ZkGraphs;

/// <summary>
/// `wsc zkgraph verify`: checks a graph's output at a block without trusting the cluster. From the cluster it takes only
/// claims: the graph's manifest and image id, the output record and its receipt; the program ELF and blobs come from
/// the storage network, checked against their owner's signature. From the user's own node it reads the block header
/// (hash recomputed), receipts (against receiptsRoot) and slot proofs (against the parent's stateRoot), rebuilds the
/// tick input with the cluster's own <see cref="TickInputAssembler"/>, and lets <see cref="ZkGraphOutputCheck"/> decide.
/// </summary>
public static class ZkGraphOutputVerifier
{
    /// <summary>
    /// Verifies graph <paramref name="graphId"/>'s output at block <paramref name="number"/>; throws
    /// <see cref="ZkGraphVerifyException"/> naming the first check that failed, or <see cref="CliException"/> when there
    /// is nothing to verify (no such graph, no output, no receipt yet, the node unreachable).
    /// </summary>
    public static async Task<ZkGraphVerifyResult> VerifyAsync(ClusterConnection conn, ulong chainId, string graphId, ulong number, Uri rpc,
        int minBits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conn);
        ArgumentNullException.ThrowIfNull(graphId);
        graphId = graphId.ToLowerInvariant();
        var chain = ZkGraphClient.Chain(chainId);
        var check = new ZkGraphOutputCheck();

        // The cluster's claims.
        var info = await conn.CallAsync("zkgraph verify", c => c.GetGrain<IZkGraphRegistryGrain>(chain).GetAsync(graphId))
            ?? throw new CliException($"graph '{graphId}' is not deployed on {chain}");
        var manifest = check.Graph(graphId, info.Manifest, info.ImageId);
        var outputs = await CommandSupport.Refusals(() => conn.CallAsync("zkgraph verify",
            c => c.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph(chain, graphId)).OutputsAsync(number, number)));
        if (outputs.Count == 0)
        {
            throw new CliException($"graph {graphId} has no output at block {number}");
        }
        var image = check.Program(await ZkGraphLocalRun.ReadVerifiedAsync(conn, info.ProgramUrl, $"the graph's program {info.ProgramUrl}"), info.ImageId);

        // The user's node: which block is number, and what it holds.
        using var node = new EthRpcClient(rpc);
        var header = await FromNodeAsync("blockHash", number, rpc, async () =>
        {
            check.Chain(await node.ChainIdAsync(ct), chainId);
            return await node.GetHeaderAsync(number, ct) ?? throw new InvalidDataException($"your node at {rpc} has no block {number}");
        });
        var output = outputs.FirstOrDefault(o => string.Equals(o.Hash, header.Hash.ToString(), StringComparison.OrdinalIgnoreCase))
            ?? throw ZkGraphOutputCheck.Fail("blockHash",
                $"the cluster's output at block {number} is of {string.Join(", ", outputs.Select(o => o.Hash))}, your node's block {number} is {header.Hash}");
        check.BlockHash(header, number, output.Hash);
        if (output.Error is not null)
        {
            throw new CliException($"graph {graphId} at block {number}: the run failed ({output.Error}); a failed run has no receipt");
        }
        var receiptId = output.ReceiptId
            ?? throw new CliException($"the output of graph {graphId} at block {number} is not proven (the graph's proving, or Proving:Enabled on the cluster)");
        var bytes = await conn.CallAsync("zkgraph verify", c => c.GetGrain<IProofJobGrain>(receiptId).ReceiptAsync(), idempotent: true)
            ?? throw new CliException($"the receipt of graph {graphId} at block {number} is not verified yet: {output.ReceiptState ?? "missing"}");
        var receipt = check.Decode(bytes);

        var blobs = await ZkGraphLocalRun.BlobsAsync(conn, manifest);
        var (input, _) = await FromNodeAsync("input", number, rpc,
            () => TickInputAssembler.For(chainId, manifest).FromNodeAsync(node, number, blobs, ct));
        check.InputDigest(input, image, receipt, output.InputDigest);
        check.ImageId(receipt, info.ImageId);
        check.Output(receipt, output.Output);
        var facts = check.Verify(receipt, image, minBits);
        return new ZkGraphVerifyResult(true, graphId, number, header.Hash.ToString(), facts.ImageId.ToString(), "0x" + Convert.ToHexStringLower(facts.Output),
            facts.SecurityBits, receiptId, check.Checks);
    }

    // What the node serves is checked as it is read (hashes, tries, proofs): a node that lies fails the check named.
    private static async Task<T> FromNodeAsync<T>(string check, ulong number, Uri rpc, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is RpcDataException or InvalidDataException or Wsc.Chain.Trie.InvalidProofException)
        {
            throw ZkGraphOutputCheck.Fail(check, $"block {number} from your node at {rpc}: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (Exception e) when (e is RpcException or RpcTransportException or HttpRequestException)
        {
            throw new CliException($"block {number} from your node at {rpc}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}
