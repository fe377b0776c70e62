using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Devnet;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// The silo's own status page (/status) in headless Chromium (the Debian package, launched by Playwright) on a
/// development silo running the example zkGraphs: it shows the API's chain head, the recent ticks, every graph with
/// its latest output and the storage audits, and says that proof jobs do not exist yet; Orleans' dashboard answers
/// on /dashboard/. The screenshot is are kept under tests/Integration.Tests/TestResults/.
/// </summary>
public sealed class StatusPageTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static readonly string[] ChromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    /// <summary>Chromium from the Debian package (scripts/setup.sh installs it); WSC_CHROMIUM overrides.</summary>
    private static string Chromium() =>
        Environment.GetEnvironmentVariable("WSC_CHROMIUM") is { Length: > 0 } path ? path
        : ChromiumPaths.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException("no Chromium: run scripts/setup.sh (apt-get install chromium) or set WSC_CHROMIUM");

    [Fact]
    public async Task The_status_page_shows_the_head_ticks_zkgraph_outputs_audits_and_proof_jobs_in_a_browser()
    {
        await using var silo = await InProcessSilo.StartDevelopmentAsync(("Devnet:ZkGraphs", "true"), ("Devnet:BlockTime", "0.5"));
        var api = $"http://127.0.0.1:{silo.HttpPort.ToString(CultureInfo.InvariantCulture)}";
        await InProcessSilo.WaitUntilAsync(async () => (await Http.GetFromJsonAsync<JsonElement>(api + "/api/zkgraphs")).GetArrayLength() == DevnetZkGraphs.Examples.Count,
            180, "the example graphs to be deployed");
        var graphs = (await Http.GetFromJsonAsync<JsonElement>(api + "/api/zkgraphs")).EnumerateArray().ToList();
        var volume = graphs.Single(g => g.GetProperty("name").GetString() == "erc20-volume").GetProperty("id").GetString()!;
        await InProcessSilo.WaitUntilAsync(async () => (await Http.GetFromJsonAsync<JsonElement>($"{api}/api/zkgraphs/{volume}/outputs")).GetArrayLength() > 0,
            120, "an erc20-volume output");

        // A proof job, started directly, for the page's proof-jobs table.
        var job = silo.Grains.GetGrain<Wsc.Grains.Interfaces.Proving.IProofJobGrain>("status-page-" + Guid.NewGuid().ToString("N")[..8]);
        await job.StartAsync(new Wsc.Grains.Interfaces.Proving.ProofRequest(Wsc.Grains.Tests.Proving.CounterProgram.Elf(20), [1, 2, 3, 4], null, null, null));
        await InProcessSilo.WaitUntilAsync(async () => (await job.GetAsync())!.State == Wsc.Grains.Interfaces.Proving.ProofJobState.Verified, 240, "the proof job to verify");

        // The proof network's instruments on /metrics, the autoscaler's per-silo queue gauge among them.
        var metrics = await Http.GetStringAsync(api + "/metrics");
        Assert.Contains("wsc_proving_segments_queued", metrics, StringComparison.Ordinal);
        Assert.Contains("wsc_proving_segments_proven", metrics, StringComparison.Ordinal);

        // Orleans' dashboard is served by the silo too.
        using (var dashboard = await Http.GetAsync(api + "/dashboard/"))
        {
            Assert.True(dashboard.IsSuccessStatusCode, $"/dashboard/: HTTP {(int)dashboard.StatusCode}");
            Assert.Contains("<html", await dashboard.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium(),
            Headless = true,
            // Tests run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1100 } });
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        await page.GotoAsync(api + "/status");
        // Loaded, or the page's own line saying what it could not read.
        await page.WaitForFunctionAsync("document.body.dataset.loaded === 'true' || document.getElementById('error').textContent !== ''",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        // Kept before the checks, so that a failing run leaves a picture of what was shown.
        var results = Path.Combine(Paths.RepoRoot, "tests", "Integration.Tests", "TestResults");
        Directory.CreateDirectory(results);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(results, "status-page.png"), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(results, "status-page.png")).Length > 10_000, "the screenshot is nearly empty");
        Assert.Empty(scriptErrors);
        Assert.Equal("", await page.InnerTextAsync("#error"));

        // The head the page shows is the API's (or a newer one: blocks keep coming).
        var headRow = await page.InnerTextAsync("#chain tr:nth-child(3) td");
        var shownHead = ulong.Parse(headRow.Split(' ')[0], CultureInfo.InvariantCulture);
        var chain = await Http.GetFromJsonAsync<JsonElement>(api + "/api/chain");
        var apiHead = chain.GetProperty("head").GetProperty("number").GetUInt64();
        Assert.InRange(shownHead, 1UL, apiHead);

        // Ten recent ticks, newest first, counting down from the shown head, each as the API has it.
        var tickRows = await page.QuerySelectorAllAsync("#ticks tbody tr");
        Assert.Equal((int)Math.Min(10, shownHead + 1), tickRows.Count);
        var ticks = (await Http.GetFromJsonAsync<JsonElement>($"{api}/api/ticks?from={(shownHead >= 9 ? shownHead - 9 : 0)}&to={shownHead}")).EnumerateArray()
            .ToDictionary(t => t.GetProperty("number").GetUInt64());
        for (var i = 0; i < tickRows.Count; i++)
        {
            var cells = await tickRows[i].QuerySelectorAllAsync("td");
            var number = shownHead - (ulong)i;
            Assert.Equal(number.ToString(CultureInfo.InvariantCulture), await cells[0].InnerTextAsync());
            Assert.Equal(ticks[number].GetProperty("zkGraphRuns").GetInt32().ToString(CultureInfo.InvariantCulture), await cells[5].InnerTextAsync());
        }

        // Every graph, with the latest output the API gives for it.
        var graphRows = await page.QuerySelectorAllAsync("#zkgraphs tbody tr");
        Assert.Equal(DevnetZkGraphs.Examples.Count, graphRows.Count);
        var volumeRow = await page.QuerySelectorAsync($"#zkgraphs tbody tr:has(td:text-is('{volume}'))");
        Assert.NotNull(volumeRow);
        var volumeCells = await volumeRow.QuerySelectorAllAsync("td");
        var shownBlock = ulong.Parse(await volumeCells[4].InnerTextAsync(), CultureInfo.InvariantCulture);
        var outputs = (await Http.GetFromJsonAsync<JsonElement>($"{api}/api/zkgraphs/{volume}/outputs")).EnumerateArray().ToList();
        var shown = outputs.Single(o => o.GetProperty("block").GetUInt64() == shownBlock);
        Assert.Equal(shown.GetProperty("status").GetString(), await volumeCells[6].InnerTextAsync());
        Assert.StartsWith(shown.GetProperty("output").GetString()![..10], await volumeCells[5].InnerTextAsync(), StringComparison.Ordinal);

        // Storage audits: one row per audited tick among the recent ones (none on a silo without stored files).
        var audited = ticks.Values.Count(t => t.TryGetProperty("storage", out var s) && s.ValueKind == JsonValueKind.Object && t.GetProperty("number").GetUInt64() + 10 > shownHead);
        var auditRows = await page.QuerySelectorAllAsync("#audits tbody tr");
        Assert.Equal(Math.Max(1, audited), auditRows.Count);
        // The proof job, verified, with its one segment and the silo that proved it.
        var jobRow = await page.QuerySelectorAsync("#proofs tbody tr:has(td:text-is('verified'))");
        Assert.NotNull(jobRow);
        var jobCells = await jobRow.QuerySelectorAllAsync("td");
        Assert.Equal("direct", await jobCells[1].InnerTextAsync());
        Assert.Equal("1/1", await jobCells[4].InnerTextAsync());
        Assert.NotEqual("", await jobCells[5].InnerTextAsync());
    }
}
