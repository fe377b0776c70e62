using System.Numerics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Chain.Types;
using Wsc.Grains.Consensus;

namespace Wsc.Silo.Devnet;

/// <summary>
/// Gives devnet blocks real events: deploys DevToken and DevPool (if there is no code at their addresses),
/// then every `Devnet:TrafficEveryBlocks` blocks sends token transfers between anvil's dev accounts 1-9 and
/// a pool swap that steers the price along a slow wave around 2000 (so thresholds are crossed both ways).
/// Every transaction is signed here with <see cref="DevnetKeys"/> (Chain's signer and encoder) and sent raw, so
/// the node needs no unlocked accounts. Failures are logged and the round is retried later; it never stops the host.
/// </summary>
public sealed class DevnetTraffic(DevnetSettings settings, EthereumEndpoint endpoint, IHostEnvironment environment,
    ILogger<DevnetTraffic> logger) : BackgroundService
{
    /// <summary>Centre of the price wave (token1 per token0), the pool's initial price.</summary>
    public const double CenterPrice = 2000;

    /// <summary>Relative amplitude of the price wave.</summary>
    public const double Amplitude = 0.05;

    /// <summary>Traffic rounds per full wave.</summary>
    public const int WaveRounds = 16;

    private static readonly BigInteger Token = BigInteger.Pow(10, 18);
    private readonly TaskCompletionSource<(string Token, string Pool)> _deployed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Hash32? _tokenTx;
    private Hash32? _poolTx;
    private bool _seedPending;
    private string? _token;
    private string? _pool;
    private long _rounds;
    private long _sent;
    private long _failures;

    /// <summary>Completes with the (token, pool) addresses once both contracts are deployed.</summary>
    public Task<(string Token, string Pool)> Deployed => _deployed.Task;

    /// <summary>Traffic rounds completed.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>Transactions accepted by the node.</summary>
    public long TransactionsSent => Interlocked.Read(ref _sent);

    /// <summary>Rounds or transactions that failed (logged, retried later).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!(settings.Enabled ?? environment.IsDevelopment()))
        {
            return;
        }
        try
        {
            await endpoint.WhenReadyAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return; // The launcher reports why the endpoint is missing.
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (!(settings.Traffic ?? endpoint.IsDevnet))
        {
            return;
        }
        // No retries inside a call: the loop retries a whole round, and a resent raw transaction is harmless anyway.
        using var rpc = new EthRpcClient(endpoint.Rpc, new RpcOptions { MaxRetries = 0 });
        var poll = TimeSpan.FromSeconds(Math.Clamp(settings.BlockTime / 2, 0.05, 1));
        ulong? lastRound = null;
        ulong? knownChainId = null;
        DevnetLog.TrafficStarted(logger, settings.TrafficEveryBlocks, endpoint.Rpc);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Signatures commit to the chain id (EIP-155/1559); asked again after any failure (the node may be new).
                var chainId = knownChainId ??= await rpc.ChainIdAsync(stoppingToken).ConfigureAwait(false);
                if (_pool is null)
                {
                    await DeployAsync(rpc, chainId, poll, stoppingToken).ConfigureAwait(false);
                }
                var head = await rpc.BlockNumberAsync(stoppingToken).ConfigureAwait(false);
                // A head below the last round means the node was reset (or reorged shorter): start counting again.
                if (lastRound is null || head < lastRound.Value || head >= lastRound.Value + (ulong)settings.TrafficEveryBlocks)
                {
                    await RoundAsync(rpc, chainId, head, stoppingToken).ConfigureAwait(false);
                    lastRound = head;
                    Interlocked.Increment(ref _rounds);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                knownChainId = null;
                Interlocked.Increment(ref _failures);
                DevnetLog.RoundFailed(logger, e.Message);
            }
            try
            {
                await Task.Delay(poll, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Signs a dynamic-fee transaction from <paramref name="from"/> with the Chain library and sends it raw, as any
    /// production client would: the node never holds the key. Returns the transaction hash.
    /// </summary>
    public static async Task<Hash32> SignAndSendAsync(EthRpcClient rpc, ulong chainId, PrivateKey from, Address? to, byte[] data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(from);
        var nonce = await rpc.GetTransactionCountAsync(from.Address, "pending", ct).ConfigureAwait(false);
        var gas = await rpc.EstimateGasAsync(from.Address, to, data, BigInteger.Zero, ct).ConfigureAwait(false);
        var tip = await rpc.MaxPriorityFeeAsync(ct).ConfigureAwait(false);
        var price = await rpc.GasPriceAsync(ct).ConfigureAwait(false);
        var tx = new Transaction
        {
            Type = TransactionType.DynamicFee,
            ChainId = chainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = tip,
            // Twice the going price survives a few blocks of rising base fee.
            MaxFeePerGas = 2 * price + tip,
            // The estimate ran on the latest state; the transaction lands on a later one.
            Gas = gas + gas / 4,
            To = to,
            Input = data,
        }.Sign(from);
        return await rpc.SendRawTransactionAsync(tx.Encode(), ct).ConfigureAwait(false);
    }

    private async Task DeployAsync(EthRpcClient rpc, ulong chainId, TimeSpan poll, CancellationToken ct)
    {
        var deployer = DevnetKeys.Deployer;
        // Both creations are sent back to back (key 0, nonces 0 and 1 on a fresh chain) before anything
        // else, then awaited. Hashes survive a failed round so a slow receipt is awaited, never deployed twice.
        if (_token is null && _tokenTx is null)
        {
            if (await HasCodeAsync(rpc, DevnetContracts.TokenAddress, ct).ConfigureAwait(false))
            {
                _token = DevnetContracts.TokenAddress;
            }
            else
            {
                _tokenTx = await SignAndSendAsync(rpc, chainId, deployer, null, Hex.Decode(DevnetContracts.TokenBytecode), ct).ConfigureAwait(false);
            }
        }
        if (_pool is null && _poolTx is null)
        {
            if (await HasCodeAsync(rpc, DevnetContracts.PoolAddress, ct).ConfigureAwait(false))
            {
                _pool = DevnetContracts.PoolAddress;
            }
            else
            {
                _poolTx = await SignAndSendAsync(rpc, chainId, deployer, null, Hex.Decode(DevnetContracts.PoolBytecode), ct).ConfigureAwait(false);
            }
        }
        if (_tokenTx is { } tokenTx)
        {
            _token = await ContractAddressAsync(rpc, tokenTx, "DevToken", poll, ct).ConfigureAwait(false);
            _tokenTx = null;
            _seedPending = true;
        }
        if (_poolTx is { } poolTx)
        {
            _pool = await ContractAddressAsync(rpc, poolTx, "DevPool", poll, ct).ConfigureAwait(false);
            _poolTx = null;
        }
        if (!string.Equals(_token, DevnetContracts.TokenAddress, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(_pool, DevnetContracts.PoolAddress, StringComparison.OrdinalIgnoreCase))
        {
            DevnetLog.UnexpectedAddresses(logger, _token!, _pool!, DevnetContracts.TokenAddress, DevnetContracts.PoolAddress);
        }
        DevnetLog.Deployed(logger, _token!, _pool!);
        if (_seedPending)
        {
            await SeedAsync(rpc, chainId, poll, ct).ConfigureAwait(false);
            _seedPending = false;
        }
        _deployed.TrySetResult((_token!, _pool!));
    }

    private static async Task<bool> HasCodeAsync(EthRpcClient rpc, string address, CancellationToken ct) =>
        (await rpc.CallAsync("eth_getCode", [Address.Parse(address), "latest"], ct).ConfigureAwait(false)).GetString() is { Length: > 2 };

    private async Task<string> ContractAddressAsync(EthRpcClient rpc, Hash32 txHash, string contract, TimeSpan poll, CancellationToken ct)
    {
        var receipt = await rpc.WaitForReceiptAsync(txHash, poll, ct).ConfigureAwait(false);
        if (receipt.Status != true)
        {
            // Forget the failed creation so the next round sends it again.
            if (txHash == _tokenTx)
            {
                _tokenTx = null;
            }
            else
            {
                _poolTx = null;
            }
            throw new DevnetRpcException($"{contract} deployment {txHash} reverted");
        }
        return receipt.ContractAddress?.ToString()
            ?? throw new DevnetRpcException($"{contract} deployment {txHash} has no contractAddress");
    }

    private async Task SeedAsync(EthRpcClient rpc, ulong chainId, TimeSpan poll, CancellationToken ct)
    {
        // Everyone gets tokens once so transfers can start from any account; the round waits for the last seed so
        // no transfer is estimated against a balance still in the pool.
        Hash32? last = null;
        foreach (var to in DevnetKeys.Traders)
        {
            last = await SendAsync(rpc, chainId, DevnetKeys.Deployer, _token!, DevnetContracts.EncodeTransfer(to.Address.ToString(), 1_000_000 * Token), ct).ConfigureAwait(false) ?? last;
        }
        if (last is { } h)
        {
            await rpc.WaitForReceiptAsync(h, poll, ct).ConfigureAwait(false);
        }
    }

    private async Task RoundAsync(EthRpcClient rpc, ulong chainId, ulong head, CancellationToken ct)
    {
        var random = Random.Shared;
        // Key 0 only deploys and seeds: a round racing a node reset must never use up its nonce 0 on the fresh
        // chain, or the redeployment would land at other addresses than DevnetContracts documents.
        var keys = DevnetKeys.Traders;
        // The pool is read first, so a node that lost the contracts costs no transactions.
        var reserves = await rpc.EthCallAsync(Address.Parse(_pool!), Hex.Decode(DevnetContracts.GetReservesSelector), ct: ct).ConfigureAwait(false);
        if (reserves.Length == 0)
        {
            // The node lost the contracts (an external node was restarted or reset): deploy them again.
            var pool = _pool;
            _token = _pool = null;
            throw new DevnetRpcException($"DevPool has no code at {pool} any more; redeploying next round");
        }
        for (var i = 0; i < 2; i++)
        {
            var from = random.Next(keys.Count);
            var to = (from + 1 + random.Next(keys.Count - 1)) % keys.Count;
            var amount = random.Next(1, 1000) * Token + random.Next(0, 1_000_000);
            await SendAsync(rpc, chainId, keys[from], _token!, DevnetContracts.EncodeTransfer(keys[to].Address.ToString(), amount), ct).ConfigureAwait(false);
        }
        var (r0, r1) = DevnetContracts.DecodeReserves(Hex.Encode(reserves));
        var target = TargetPrice(head / (ulong)settings.TrafficEveryBlocks) * (1 + 0.004 * (random.NextDouble() * 2 - 1));
        var (in0, in1) = SwapToward(r0, r1, target);
        var trader = keys[random.Next(keys.Count)];
        await SendAsync(rpc, chainId, trader, _pool!, DevnetContracts.EncodeSwap(in0, in1, trader.Address.ToString()), ct).ConfigureAwait(false);
        DevnetLog.Round(logger, head, (double)r1 / (double)r0, target);
    }

    private async Task<Hash32?> SendAsync(EthRpcClient rpc, ulong chainId, PrivateKey from, string to, string data, CancellationToken ct)
    {
        try
        {
            var hash = await SignAndSendAsync(rpc, chainId, from, Address.Parse(to), Hex.Decode(data), ct).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
            return hash;
        }
        catch (RpcException e)
        {
            // One refused transaction (e.g. a sender short of tokens: the estimate reverts) does not stop the round.
            Interlocked.Increment(ref _failures);
            DevnetLog.TxRefused(logger, e.Message);
            return null;
        }
    }

    /// <summary>The price the pool is steered to in traffic round <paramref name="round"/>: a sine wave around 2000.</summary>
    public static double TargetPrice(ulong round) =>
        CenterPrice * (1 + Amplitude * Math.Sin(2 * Math.PI * (round % WaveRounds) / WaveRounds));

    /// <summary>
    /// The single input (amount0In, amount1In) that moves a no-fee constant-product pool with reserves
    /// (r0, r1) to price r1/r0 = <paramref name="target"/>; never zero, so every round emits Sync and Swap.
    /// </summary>
    public static (BigInteger Amount0In, BigInteger Amount1In) SwapToward(BigInteger r0, BigInteger r1, double target)
    {
        double x = (double)r0, y = (double)r1, k = x * y;
        var x1 = Math.Sqrt(k / target);
        if (x1 > x)
        {
            return (BigInteger.Max(new BigInteger(x1 - x), r0 / 100_000 + 1), BigInteger.Zero);
        }
        var y1 = Math.Sqrt(k * target);
        return (BigInteger.Zero, BigInteger.Max(new BigInteger(y1 - y), r1 / 100_000 + 1));
    }
}
