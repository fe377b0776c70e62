using System.Buffers.Binary;
using Microsoft.Extensions.Options;
using Wsc.Grains.Consensus;
using Wsc.Grains.ZkGraphs;
using Wsc.Zk.Graph;

namespace Wsc.Silo.Devnet;

/// <summary>
/// With `Devnet:ZkGraphs=true` (./run.sh sets it): once the devnet's contracts are deployed, builds the example graphs
/// erc20-volume, price-threshold, zkml-mlp and receipt-proof (which asks for proofs of its matched receipts and checks
/// them in the guest), uploads the MLP's weights to storage and deploys the four with the
/// devnet deployer's key, so the traffic's transfers and swaps run them from the next tick on. A missing toolchain or
/// SDK is logged and skipped: the silo runs without graphs.
/// </summary>
public sealed class DevnetZkGraphs(
    IConfiguration configuration,
    DevnetTraffic traffic,
    IGrainFactory grains,
    IOptions<EthereumOptions> ethereum,
    EthereumEndpoint endpoint,
    Wsc.Grains.ZkGraphs.Automation.AutomationOptions automation,
    IHostApplicationLifetime lifetime,
    ILogger<DevnetZkGraphs> logger) : BackgroundService
{
    /// <summary>The examples deployed, in order.</summary>
    public static readonly IReadOnlyList<string> Examples = ["erc20-volume", "price-threshold", "zkml-mlp", "receipt-proof"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Devnet:ZkGraphs", false))
        {
            return;
        }
        try
        {
            // Grain calls need the silo started, and the examples name the devnet's contract addresses.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            await traffic.Deployed.WaitAsync(stoppingToken);
            try
            {
                using var rpc = new Wsc.Chain.Rpc.EthRpcClient((await endpoint.WhenReadyAsync(stoppingToken)).Rpc);
                await DeployReceiverAsync(rpc, ethereum.Value.ChainId, stoppingToken);
            }
            catch (Exception e) when (e is Wsc.Chain.Rpc.RpcException or Wsc.Chain.Rpc.RpcTransportException or DevnetRpcException)
            {
                logger.LogWarning("Devnet automation receiver not deployed: {Error}", e.Message.ReplaceLineEndings(" "));
            }
            if (automation.PrivateKey() is { } key)
            {
                // The automation key pays for price-threshold's transactions; on the devnet anvil simply gives it ether.
                try
                {
                    using var rpc = new Wsc.Chain.Rpc.EthRpcClient((await endpoint.WhenReadyAsync(stoppingToken)).Rpc);
                    await rpc.CallAsync("anvil_setBalance", [key.Address.ToString(), "0x3635c9adc5dea00000"], stoppingToken);
                }
                catch (Exception e) when (e is Wsc.Chain.Rpc.RpcException or Wsc.Chain.Rpc.RpcTransportException)
                {
                    logger.LogWarning("Devnet automation key {Address} not funded: {Error}", key.Address, e.Message.ReplaceLineEndings(" "));
                }
            }
            var sdk = GuestBuilder.LocateSdk();
            var deployer = DevnetKeys.Deployer;
            var chainId = ethereum.Value.ChainId;
            await ZkGraphDeployer.PutAsync(grains, chainId, "/model/weights.bin", Weights(), deployer);
            var output = Directory.CreateTempSubdirectory("wsc-devnet-zkgraphs-");
            try
            {
                foreach (var name in Examples)
                {
                    var dir = Path.Combine(sdk, "examples", name);
                    var elf = Path.Combine(output.FullName, name + ".elf");
                    await Task.Run(() => new GuestBuilder(sdk).Build(dir, null, elf), stoppingToken);
                    var yaml = await File.ReadAllTextAsync(Path.Combine(dir, "zkgraph.yaml"), stoppingToken);
                    var program = await File.ReadAllBytesAsync(elf, stoppingToken);
                    // A restart on kept state (.data) finds the examples deployed: the same graph id, nothing to do.
                    var id = ZkGraphIdentity.GraphId(ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(yaml)), Wsc.Zk.Vm.ProgramImage.FromElf(program).Id);
                    if (await grains.GetGrain<Wsc.Grains.Interfaces.ZkGraphs.IZkGraphRegistryGrain>(ethereum.Value.ChainKey).GetAsync(id)
                        is { Status: not Wsc.Grains.Interfaces.ZkGraphs.ZkGraphStatus.Removed })
                    {
                        logger.LogInformation("Devnet zkGraph {Name} already deployed: {Id}", name, id);
                        continue;
                    }
                    var graph = await ZkGraphDeployer.DeployAsync(grains, ethereum.Value.ChainKey, chainId, yaml, program, deployer);
                    logger.LogInformation("Devnet zkGraph {Name} deployed: {Id}", name, graph.Id);
                }
            }
            finally
            {
                output.Delete(recursive: true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is GuestBuildException or ManifestException or ArgumentException or InvalidOperationException or IOException)
        {
            logger.LogWarning("Devnet zkGraphs not deployed: {Error}", e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>
    /// Creates the automation receiver (<see cref="DevnetContracts.ReceiverAddress"/>, price-threshold's destination) from
    /// its own key at nonce 0, funded by anvil_setBalance; nothing to do when it already has code (kept state).
    /// </summary>
    public static async Task DeployReceiverAsync(Wsc.Chain.Rpc.EthRpcClient rpc, ulong chainId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        if ((await rpc.CallAsync("eth_getCode", [Wsc.Chain.Address.Parse(DevnetContracts.ReceiverAddress), "latest"], ct)).GetString() is { Length: > 2 })
        {
            return;
        }
        var key = Wsc.Chain.Crypto.PrivateKey.FromHex(DevnetContracts.ReceiverDeployerHex);
        await rpc.CallAsync("anvil_setBalance", [key.Address.ToString(), "0xde0b6b3a7640000"], ct);
        var tx = await DevnetTraffic.SignAndSendAsync(rpc, chainId, key, null, Wsc.Chain.Hex.Decode(DevnetContracts.ReceiverBytecode), ct);
        var receipt = await rpc.WaitForReceiptAsync(tx, TimeSpan.FromMilliseconds(100), ct);
        if (receipt.Status != true || receipt.ContractAddress?.ToString() != Wsc.Chain.Address.Parse(DevnetContracts.ReceiverAddress).ToString())
        {
            throw new DevnetRpcException($"the automation receiver was created at {receipt.ContractAddress} (status {receipt.Status}), expected {DevnetContracts.ReceiverAddress}");
        }
    }

    /// <summary>The zkml-mlp model (guest/examples/zkml-mlp/mlp.c): 4 inputs, 8 hidden, 3 classes, Q8.8 weights from a fixed seed.</summary>
    public static byte[] Weights()
    {
        const int hidden = 8, outputs = 3;
        var rng = new Random(7);
        var b = new List<byte>("MLP1"u8.ToArray());
        void I32(int v)
        {
            var x = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(x, v);
            b.AddRange(x);
        }
        void I16(int v)
        {
            var x = new byte[2];
            BinaryPrimitives.WriteInt16LittleEndian(x, (short)v);
            b.AddRange(x);
        }
        I32(4);
        I32(hidden);
        I32(outputs);
        for (var i = 0; i < hidden * 4; i++)
        {
            I16(rng.Next(-512, 512));
        }
        for (var i = 0; i < hidden; i++)
        {
            I32(rng.Next(-1024, 1024));
        }
        for (var i = 0; i < outputs * hidden; i++)
        {
            I16(rng.Next(-512, 512));
        }
        for (var i = 0; i < outputs; i++)
        {
            I32(rng.Next(-1024, 1024));
        }
        return [.. b];
    }
}
