using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wsc.Grains.Consensus;

namespace Wsc.Silo.Devnet;

/// <summary>
/// Gives devnet blocks real events: deploys DevToken and DevPool (if there is no code at their addresses),
/// then every `Devnet:TrafficEveryBlocks` blocks sends token transfers between anvil's unlocked accounts and
/// a pool swap that steers the price along a slow wave around 2000 (so thresholds are crossed both ways).
/// Failures are logged and the round is retried later; it never stops the host.
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
    private string? _tokenTx;
    private string? _poolTx;
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var rpc = new DevnetRpc(http, endpoint.Rpc);
        var poll = TimeSpan.FromSeconds(Math.Clamp(settings.BlockTime / 2, 0.05, 1));
        ulong? lastRound = null;
        DevnetLog.TrafficStarted(logger, settings.TrafficEveryBlocks, endpoint.Rpc);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var accounts = await rpc.AccountsAsync(stoppingToken).ConfigureAwait(false);
                if (accounts.Length < 2)
                {
                    throw new DevnetRpcException($"{endpoint.Rpc} has {accounts.Length} unlocked accounts, expected anvil's 10");
                }
                if (_pool is null)
                {
                    await DeployAsync(rpc, accounts, poll, stoppingToken).ConfigureAwait(false);
                }
                var head = await rpc.BlockNumberAsync(stoppingToken).ConfigureAwait(false);
                // A head below the last round means the node was reset (or reorged shorter): start counting again.
                if (lastRound is null || head < lastRound.Value || head >= lastRound.Value + (ulong)settings.TrafficEveryBlocks)
                {
                    await RoundAsync(rpc, accounts, head, stoppingToken).ConfigureAwait(false);
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

    private async Task DeployAsync(DevnetRpc rpc, string[] accounts, TimeSpan poll, CancellationToken ct)
    {
        var deployer = accounts[0];
        // Both creations are sent back to back (account 0, nonces 0 and 1 on a fresh chain) before anything
        // else, then awaited. Hashes survive a failed round so a slow receipt is awaited, never deployed twice.
        if (_token is null && _tokenTx is null)
        {
            if (await rpc.HasCodeAsync(DevnetContracts.TokenAddress, ct).ConfigureAwait(false))
            {
                _token = DevnetContracts.TokenAddress;
            }
            else
            {
                _tokenTx = await rpc.SendAsync(deployer, null, DevnetContracts.TokenBytecode, null, ct).ConfigureAwait(false);
            }
        }
        if (_pool is null && _poolTx is null)
        {
            if (await rpc.HasCodeAsync(DevnetContracts.PoolAddress, ct).ConfigureAwait(false))
            {
                _pool = DevnetContracts.PoolAddress;
            }
            else
            {
                _poolTx = await rpc.SendAsync(deployer, null, DevnetContracts.PoolBytecode, null, ct).ConfigureAwait(false);
            }
        }
        if (_tokenTx is not null)
        {
            _token = await ContractAddressAsync(rpc, _tokenTx, "DevToken", poll, ct).ConfigureAwait(false);
            _tokenTx = null;
            _seedPending = true;
        }
        if (_poolTx is not null)
        {
            _pool = await ContractAddressAsync(rpc, _poolTx, "DevPool", poll, ct).ConfigureAwait(false);
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
            await SeedAsync(rpc, accounts, ct).ConfigureAwait(false);
            _seedPending = false;
        }
        _deployed.TrySetResult((_token!, _pool!));
    }

    private async Task<string> ContractAddressAsync(DevnetRpc rpc, string txHash, string contract, TimeSpan poll, CancellationToken ct)
    {
        while (true)
        {
            if (await rpc.ReceiptAsync(txHash, ct).ConfigureAwait(false) is JsonElement receipt)
            {
                if (receipt.GetProperty("status").GetString() != "0x1")
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
                return receipt.GetProperty("contractAddress").GetString()
                    ?? throw new DevnetRpcException($"{contract} deployment {txHash} has no contractAddress");
            }
            await Task.Delay(poll, ct).ConfigureAwait(false);
        }
    }

    private async Task SeedAsync(DevnetRpc rpc, string[] accounts, CancellationToken ct)
    {
        // Everyone gets tokens once so transfers can start from any account.
        foreach (var to in accounts.Skip(1))
        {
            await SendAsync(rpc, accounts[0], _token!, DevnetContracts.EncodeTransfer(to, 1_000_000 * Token), ct).ConfigureAwait(false);
        }
    }

    private async Task RoundAsync(DevnetRpc rpc, string[] accounts, ulong head, CancellationToken ct)
    {
        var random = Random.Shared;
        for (var i = 0; i < 2; i++)
        {
            var from = random.Next(accounts.Length);
            var to = (from + 1 + random.Next(accounts.Length - 1)) % accounts.Length;
            var amount = random.Next(1, 1000) * Token + random.Next(0, 1_000_000);
            await SendAsync(rpc, accounts[from], _token!, DevnetContracts.EncodeTransfer(accounts[to], amount), ct).ConfigureAwait(false);
        }
        var reserves = await rpc.CallContractAsync(_pool!, DevnetContracts.GetReservesSelector, ct).ConfigureAwait(false);
        if (reserves is "0x" or "")
        {
            // The node lost the contracts (an external node was restarted or reset): deploy them again.
            var pool = _pool;
            _token = _pool = null;
            throw new DevnetRpcException($"DevPool has no code at {pool} any more; redeploying next round");
        }
        var (r0, r1) = DevnetContracts.DecodeReserves(reserves);
        var target = TargetPrice(head / (ulong)settings.TrafficEveryBlocks) * (1 + 0.004 * (random.NextDouble() * 2 - 1));
        var (in0, in1) = SwapToward(r0, r1, target);
        var trader = accounts[random.Next(accounts.Length)];
        await SendAsync(rpc, trader, _pool!, DevnetContracts.EncodeSwap(in0, in1, trader), ct).ConfigureAwait(false);
        DevnetLog.Round(logger, head, (double)r1 / (double)r0, target);
    }

    private async Task SendAsync(DevnetRpc rpc, string from, string to, string data, CancellationToken ct)
    {
        try
        {
            await rpc.SendAsync(from, to, data, null, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
        }
        catch (DevnetRpcException e)
        {
            // One refused transaction (e.g. a sender short of tokens) does not stop the round.
            Interlocked.Increment(ref _failures);
            DevnetLog.TxRefused(logger, e.Message);
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
