using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Grains.Storage;
using Wsc.Silo.Hosting;
using Wsc.Silo.Web3;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Storage;

/// <summary>
/// The real silo host with the storage network and the web3:// gateway wired the way Program.cs will wire them
/// (AddWscStorage, AddWeb3Gateway, MapWeb3Gateway), following a throwaway anvil.
/// </summary>
public class StorageSiloFixture : IAsyncLifetime
{
    private WebApplication _app = null!;

    public AnvilNode Anvil { get; } = new();

    public int HttpPort { get; } = FreePort.Next();

    public int GatewayPort { get; } = FreePort.Next();

    public IClusterClient Client => _app.Services.GetRequiredService<IClusterClient>();

    /// <summary>The silo's services (its blob store, to lose bytes behind the cluster's back).</summary>
    public IServiceProvider Services => _app.Services;

    public HttpClient Http { get; } = new();

    /// <summary>More `--Key=Value` settings for a variant of the silo.</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    public async Task InitializeAsync()
    {
        string[] args =
        [
            "--Http:Port=" + HttpPort.ToString(CultureInfo.InvariantCulture),
            "--Orleans:SiloPort=" + FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort=" + GatewayPort.ToString(CultureInfo.InvariantCulture),
            "--Ethereum:Rpc=" + Anvil.Rpc,
            "--Ethereum:ChainId=31337",
            "--Devnet:Enabled=false",
            "--Storage:Shards=4",
            "--Logging:LogLevel:Default=Warning",
            .. ExtraArgs,
        ];
        _app = SiloHost.Build(args);
        await _app.StartAsync();
        Http.BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Anvil.Dispose();
    }
}

/// <summary>
/// The storage silo with small limits, so that "larger than a whole-file read" and "larger than the largest file" take
/// a few MiB instead of hundreds: Storage:MaxReadBytes = 256 KiB, Storage:MaxFileBytes = 2 MiB.
/// </summary>
public sealed class SmallLimitsSiloFixture : StorageSiloFixture
{
    public const long MaxReadBytes = 256 * 1024;

    public const long MaxFileBytes = 2 * 1024 * 1024;

    protected override IEnumerable<string> ExtraArgs =>
        ["--Storage:MaxReadBytes=" + MaxReadBytes.ToString(CultureInfo.InvariantCulture), "--Storage:MaxFileBytes=" + MaxFileBytes.ToString(CultureInfo.InvariantCulture)];
}
