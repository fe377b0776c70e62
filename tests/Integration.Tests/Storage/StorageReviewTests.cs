using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Integration.Tests.Db;
using Wsc.Silo.Web3;
using Wsc.Storage.Web3;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Storage;

/// <summary>Issue 5 review findings on the storage network's edges: CLI timeouts, gateway headers, rollback checks.</summary>
public sealed class StorageReviewTests(StorageSiloFixture silo) : IClassFixture<StorageSiloFixture>
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex(AnvilNode.Key0);

    private static StorageUrl Url(string path) => StorageUrl.Parse($"web3://{Owner.Address}:31337{path}");

    private string Gateway => $"127.0.0.1:{silo.GatewayPort}";

    [Fact]
    public async Task Timeout_must_be_positive()
    {
        var r = await WscCli.RunAsync("storage", "get", Url("/x").ToString(), "--gateway", Gateway, "--timeout", "0");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("wsc: --timeout 0: expected more than 0 and at most 86400 seconds\n", r.Stderr);
    }

    // Review finding (fixed): every owner's pages share the silo's origin.
    [Fact]
    public async Task Gateway_responses_carry_nosniff_and_a_sandboxing_content_security_policy()
    {
        var path = $"/headers/{Guid.NewGuid():N}/index.html";
        await StorageClient.PutAsync(silo.Client, Url(path), Encoding.UTF8.GetBytes("<script>alert(document.cookie)</script>"), Owner);
        foreach (var (url, status) in new[]
        {
            ($"/web3/{Owner.Address}:31337{path}", HttpStatusCode.OK),
            ($"/web3/{Owner.Address}:31337/headers/none.txt", HttpStatusCode.NotFound),
            ("/web3/0x5a985f13345e820aa9618826b85f74c3986e14:31337/x", HttpStatusCode.BadRequest),
        })
        {
            using var response = await silo.Http.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Equal(Web3GatewayEndpoints.ContentSecurityPolicy, csp);
            // sandbox without allow-scripts / allow-same-origin: no script runs, and the page's origin is opaque.
            var directives = csp.Split(';', StringSplitOptions.TrimEntries);
            Assert.Equal("sandbox", directives[0]);
            Assert.Contains("default-src 'none'", directives);
            Assert.Contains("frame-ancestors 'none'", directives);
            Assert.DoesNotContain("allow-", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        }
    }

    // Review finding (partly closed): a reader who knows a newer version can refuse an older one.
    [Fact]
    public async Task Get_verify_min_nonce_refuses_a_version_older_than_the_reader_knows()
    {
        var path = $"/rollback/{Guid.NewGuid():N}.txt";
        await StorageClient.PutAsync(silo.Client, Url(path), "version one"u8.ToArray(), Owner);
        await StorageClient.PutAsync(silo.Client, Url(path), "version two"u8.ToArray(), Owner);
        var nonce = (await silo.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), 31337)).GetAsync(path))!.Nonce;
        var url = Url(path).ToString();

        var current = await WscCli.RunAsync("storage", "get", url, "--verify", "--min-nonce", nonce.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", "--gateway", Gateway);
        Assert.True(current.ExitCode == 0, current.Stderr + current.Stdout);
        var ok = JsonDocument.Parse(current.Stdout).RootElement;
        Assert.True(ok.GetProperty("verified").GetBoolean());
        Assert.Equal(nonce, ok.GetProperty("nonce").GetUInt64());

        // The reader knows of a later write (nonce + 1); what the cluster serves is older, so it is refused.
        var newer = (nonce + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stale = await WscCli.RunAsync("storage", "get", url, "--verify", "--min-nonce", newer, "--json", "--gateway", Gateway);
        Assert.Equal(1, stale.ExitCode);
        var refused = JsonDocument.Parse(stale.Stdout).RootElement;
        Assert.False(refused.GetProperty("verified").GetBoolean());
        Assert.Equal($"the cluster served the version signed with nonce {nonce}, older than --min-nonce {newer} (rolled back)", refused.GetProperty("problem").GetString());

        var unverified = await WscCli.RunAsync("storage", "get", url, "--min-nonce", newer, "--gateway", Gateway);
        Assert.Equal(1, unverified.ExitCode);
        Assert.Equal("wsc: --min-nonce needs --verify (the nonce is only trusted once the owner's signature is checked)\n", unverified.Stderr);
    }

    [Fact]
    public async Task Gc_command_reports_its_pass_and_keeps_live_files()
    {
        var path = $"/gc/{Guid.NewGuid():N}.txt";
        await StorageClient.PutAsync(silo.Client, Url(path), "keep me"u8.ToArray(), Owner);
        var gc = await WscCli.RunAsync("storage", "gc", "--grace", "00:01:00", "--json", "--gateway", Gateway);
        Assert.True(gc.ExitCode == 0, gc.Stderr);
        var record = JsonDocument.Parse(gc.Stdout).RootElement;
        Assert.True(record.GetProperty("directories").GetInt32() >= 1);
        Assert.True(record.GetProperty("liveRoots").GetInt32() >= 1);
        // Other tests' overwritten versions may be old enough to go; the live file is not.
        Assert.InRange(record.GetProperty("removed").GetInt32(), 0, record.GetProperty("oldReplicas").GetInt32());
        Assert.Equal("keep me"u8.ToArray(), (await StorageClient.ReadAsync(silo.Client, Url(path)))!.Bytes);

        var tooShort = await WscCli.RunAsync("storage", "gc", "--grace", "00:00:05", "--gateway", Gateway);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Equal("wsc: grace period 00:00:05: expected at least 00:01:00, so puts in flight are never collected\n", tooShort.Stderr);
    }
}
