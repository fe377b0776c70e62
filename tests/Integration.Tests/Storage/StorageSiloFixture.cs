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
public sealed class StorageSiloFixture : IAsyncLifetime
{
    private WebApplication _app = null!;

    public AnvilNode Anvil { get; } = new();

    public int HttpPort { get; } = FreePort.Next();

    public int GatewayPort { get; } = FreePort.Next();

    public IClusterClient Client => _app.Services.GetRequiredService<IClusterClient>();

    public HttpClient Http { get; } = new();

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
