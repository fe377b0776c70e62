using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wsc.Silo.Hosting;

namespace Wsc.Integration.Tests.Hosting;

public sealed class LoggingTests
{
    /// <summary>
    /// Orleans places grains through a Polly pipeline whose telemetry logs two Information lines per placement: on a
    /// development silo that was half of its log (98 of 218 lines in 40 seconds). Polly logs from Warning up (a retry).
    /// </summary>
    [Fact]
    public async Task Polly_attempts_stay_out_of_the_information_log_and_the_silos_own_lines_stay_in()
    {
        await using var app = SiloHost.Build(["--Ethereum:Rpc=http://127.0.0.1:9", "--Devnet:Enabled=false"]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("Wsc.Grains.Consensus.ChainGrain").IsEnabled(LogLevel.Information));
    }
}
