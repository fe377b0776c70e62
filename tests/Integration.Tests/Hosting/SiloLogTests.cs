using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Api;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Hosting;

/// <summary>The log a person reads and the HTTP errors a client gets: timestamps, the profile, service.name, bodies.</summary>
public sealed partial class SiloLogTests
{
    [Fact]
    public async Task A_development_silos_log_has_timestamps_names_its_profile_and_keeps_http_client_chatter_out()
    {
        using var anvil = new AnvilNode();
        var args = SiloProcess.Args(anvil.Rpc, out var httpPort);
        args.Add("--Logging:LogLevel:Default=Information"); // later keys win: the silo's own lines are wanted here
        using var silo = SiloProcess.Start([.. args]); // the harness sets DOTNET_ENVIRONMENT=Production: the profile wins
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        await InProcessSilo.WaitUntilAsync(() => Task.FromResult(silo.Stdout.Any(l => l.Contains("Hosting environment:", StringComparison.Ordinal))), 60, "the silo to start");
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, 60, "the silo to be ready");

        var log = silo.Stdout;
        Assert.Contains(log, l => l.EndsWith("Hosting environment: Development", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("Development state: in memory", StringComparison.Ordinal));
        // Every entry's first line starts with a UTC timestamp; continuation lines are indented.
        var entries = log.Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0])).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, l => Assert.Matches(Timestamp(), l));
        Assert.DoesNotContain(log, l => l.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("service_name=\"wsc-silo\"", metrics);
        Assert.Contains("deployment_environment_name=\"Development\"", metrics);

        var bad = await http.GetAsync("/api/ticks?from=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("from 'abc': expected a block number (a whole number, 0 or more)", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var inverted = await http.GetAsync("/api/ticks?from=10&to=5");
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.Contains("from 10 is above to 5", await inverted.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_missing_rpc_in_production_is_one_line_and_no_stack_trace()
    {
        using var silo = SiloProcess.Start("--Profile=Production", $"--Http:Port={FreePort.Next()}",
            $"--Postgres:ConnectionString=Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2");
        Assert.True(silo.WaitForExit(60), "the silo did not exit");
        Assert.Equal(1, silo.ExitCode);
        var line = Assert.Single(silo.Stderr, l => l.Length > 0);
        Assert.StartsWith("wsc-silo: Ethereum:Rpc is not set", line);
        Assert.DoesNotContain(silo.Stdout, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("failover", 503, "the cluster is failing over")]
    [InlineData("argument", 400, "from 3 is wrong")]
    [InlineData("bug", 500, "something broke")]
    public async Task Api_errors_answer_with_a_body_naming_the_problem(string kind, int status, string message)
    {
        var builder = WebApplication.CreateBuilder();
        var port = FreePort.Next();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.UseApiErrors();
        // Fault injection: the grain call behind /api/chain failing the way each kind of failure does.
        app.MapGet("/api/chain", string () => kind switch
        {
            "failover" => throw new SiloUnavailableException("Silo S127.0.0.1:11111:1 is unavailable"),
            "argument" => throw new ArgumentException("from 3 is wrong"),
            _ => throw new InvalidOperationException("something broke"),
        });
        await app.StartAsync();
        using var http = new HttpClient();
        var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/chain"));
        Assert.Equal(status, (int)answer.StatusCode);
        var error = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.Contains(message, error);
        Assert.DoesNotContain("\n", error);
        await app.StopAsync();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex Timestamp();
}
