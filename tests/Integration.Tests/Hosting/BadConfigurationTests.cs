using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Hosting;

/// <summary>A silo started with a bad configuration stops with one line on stderr naming the problem.</summary>
public sealed class BadConfigurationTests
{
    private static string OneLineError(SiloProcess silo)
    {
        Assert.True(silo.WaitForExit(60), "the silo did not exit");
        Assert.Equal(1, silo.ExitCode);
        var line = Assert.Single(silo.Stderr, l => l.Length > 0);
        Assert.StartsWith("wsc-silo: ", line);
        return line;
    }

    [Fact]
    public void An_unreachable_rpc_is_a_one_line_error()
    {
        var args = SiloProcess.Args(new Uri($"http://127.0.0.1:{FreePort.Next()}"), out _);
        args.Add("--Ethereum:StartupTimeoutSeconds=3");
        using var silo = SiloProcess.Start([.. args]);
        var line = OneLineError(silo);
        Assert.Contains("cannot reach the Ethereum node", line);
    }

    [Fact]
    public void A_wrong_chain_id_is_a_one_line_error()
    {
        using var anvil = new AnvilNode(chainId: 31337);
        var args = SiloProcess.Args(anvil.Rpc, out _);
        args.Add("--Ethereum:ChainId=1");
        using var silo = SiloProcess.Start([.. args]);
        var line = OneLineError(silo);
        Assert.Contains("Ethereum:ChainId is 1", line);
        Assert.Contains("31337", line);
    }

    [Fact]
    public void A_malformed_postgres_connection_string_is_a_one_line_error()
    {
        using var anvil = new AnvilNode();
        var args = SiloProcess.Args(anvil.Rpc, out _);
        args.Add("--Profile=Production");
        args.Add("--Postgres:ConnectionString=Host=127.0.0.1;Bogus Keyword=1");
        using var silo = SiloProcess.Start([.. args]);
        var line = OneLineError(silo);
        Assert.Contains("Postgres:ConnectionString is malformed", line);
    }

    [Fact]
    public void An_unreachable_postgres_server_is_a_one_line_error()
    {
        using var anvil = new AnvilNode();
        var args = SiloProcess.Args(anvil.Rpc, out _);
        args.Add("--Profile=Production");
        args.Add($"--Postgres:ConnectionString=Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2");
        using var silo = SiloProcess.Start([.. args]);
        var line = OneLineError(silo);
        Assert.Contains("PostgreSQL", line);
    }

    [Fact]
    public void An_unknown_profile_is_a_one_line_error()
    {
        using var silo = SiloProcess.Start("--Profile=Staging", $"--Http:Port={FreePort.Next()}");
        var line = OneLineError(silo);
        Assert.Contains("Profile 'Staging'", line);
    }
}
