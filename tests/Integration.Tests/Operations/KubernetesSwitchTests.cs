using Microsoft.Extensions.Configuration;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Hosting;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Operations;

/// <summary>`Orleans:Kubernetes=true` outside a pod: the silo refuses to start, naming the missing downward-API variables.</summary>
public sealed class KubernetesSwitchTests
{
    private static IConfiguration Config(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(value is null ? [] : [new("Orleans:Kubernetes", value)]).Build();

    [Fact]
    public void The_switch_is_off_unless_set_and_checks_every_variable_when_on()
    {
        Assert.False(KubernetesHosting.Enabled(Config(null)));
        KubernetesHosting.Check(Config(null), _ => null);
        KubernetesHosting.Check(Config("true"), v => "set");
        var e = Assert.Throws<InvalidOperationException>(() => KubernetesHosting.Check(Config("true"), v => v == "POD_IP" ? null : "set"));
        Assert.Contains("missing: POD_IP ", e.Message);
    }

    [Fact]
    public void A_silo_with_the_switch_on_outside_a_pod_stops_with_one_line()
    {
        using var anvil = new AnvilNode();
        var args = SiloProcess.Args(anvil.Rpc, out _);
        args.Add("--Profile=Production");
        args.Add("--Postgres:ConnectionString=Host=127.0.0.1;Username=postgres");
        args.Add("--Orleans:Kubernetes=true");
        using var silo = SiloProcess.Start([.. args]);
        Assert.True(silo.WaitForExit(60), "the silo did not exit");
        Assert.Equal(1, silo.ExitCode);
        var line = Assert.Single(silo.Stderr, l => l.Length > 0);
        Assert.StartsWith("wsc-silo: Orleans:Kubernetes=true needs the pod's downward-API environment variables; missing: POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID", line);
    }
}
