using System.Diagnostics;
using k8s;
using k8s.Models;
using Wsc.Silo.Hosting;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// deploy/k8s: each overlay renders with `kubectl kustomize`; every manifest validates against the Kubernetes schemas
/// (npm kubernetes-models, via deploy/k8s/validate.sh) and loads strictly into the typed models of the Kubernetes
/// client (no unknown fields); and the pieces fit together: Orleans Kubernetes hosting's labels, downward-API
/// variables and RBAC, the Services, budget and autoscaler aimed at the silo pods, and the migration Job.
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Overlays => new() { "dev", "production" };

    private static (int ExitCode, string Output) Run(string file, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(180_000))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 180 s");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Render(string overlay)
    {
        var (code, output) = Run("kubectl", null, "kustomize", Path.Combine(Paths.RepoRoot, "deploy", "k8s", "overlays", overlay));
        Assert.True(code == 0, $"kubectl kustomize {overlay}: {output}");
        return output;
    }

    private static string Validator()
    {
        // validate.sh installs the schema package on first use and puts validate.mjs beside it.
        var (code, output) = Run("bash", null, Path.Combine(Paths.RepoRoot, "deploy", "k8s", "validate.sh"), "dev");
        Assert.True(code == 0, output);
        return Path.Combine(Paths.RepoRoot, ".tools", "k8s-validate", "validate.mjs");
    }

    [Fact]
    public void Every_overlay_renders_and_every_manifest_validates_against_the_kubernetes_schemas()
    {
        var (code, output) = Run("bash", null, Path.Combine(Paths.RepoRoot, "deploy", "k8s", "validate.sh"), "dev", "production");
        Assert.True(code == 0, output);
        Assert.Contains("17 documents, 0 invalid", output);
        Assert.Contains("10 documents, 0 invalid", output);
        Assert.DoesNotContain("INVALID", output);
    }

    [Theory]
    [InlineData("\n  replicas: 3\n", "\n  replicas: three\n", "/spec/replicas must be integer")]
    [InlineData("kind: PodDisruptionBudget", "kind: PodDisruptionBudgetz", "UNKNOWN policy/v1/PodDisruptionBudgetz")]
    [InlineData("averageUtilization: 70", "averageUtilization: lots", "averageUtilization must be integer")]
    public void The_schema_validator_rejects_a_tampered_manifest(string original, string tampered, string expected)
    {
        var validator = Validator();
        var yaml = Render("production");
        var broken = yaml.Replace(original, tampered, StringComparison.Ordinal);
        Assert.NotEqual(yaml, broken);
        var (code, output) = Run("node", broken, validator);
        Assert.Equal(1, code);
        Assert.Contains(expected, output);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_manifest_loads_strictly_into_the_typed_kubernetes_models(string overlay)
    {
        var objects = KubernetesYaml.LoadAllFromString(Render(overlay), strict: true);
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject>(o));
    }

    [Fact]
    public void A_misspelled_field_fails_the_strict_load()
    {
        var yaml = Render("production").Replace("terminationGracePeriodSeconds:", "terminationGracePeriodSecond:", StringComparison.Ordinal);
        var e = Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(yaml, strict: true));
        Assert.Contains("terminationGracePeriodSecond", e.Message);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_silo_deployment_has_what_orleans_kubernetes_hosting_needs(string overlay)
    {
        var objects = KubernetesYaml.LoadAllFromString(Render(overlay), strict: true);
        var silo = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "wsc-silo");
        var pod = silo.Spec.Template;
        Assert.Equal("wsc", pod.Metadata.Labels["orleans/serviceId"]);
        Assert.Equal("wsc", pod.Metadata.Labels["orleans/clusterId"]);
        var container = Assert.Single(pod.Spec.Containers);
        var env = container.Env.ToDictionary(e => e.Name);
        Assert.Equal("metadata.name", env["POD_NAME"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", env["POD_IP"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.labels['orleans/serviceId']", env["ORLEANS_SERVICE_ID"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["ORLEANS_CLUSTER_ID"].ValueFrom.FieldRef.FieldPath);
        Assert.All(KubernetesHosting.RequiredVariables, v => Assert.Contains(v, env.Keys));

        // The switch that makes the silo use them, and the production profile (ADO.NET clustering on PostgreSQL).
        var config = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == container.EnvFrom.Single(e => e.ConfigMapRef is not null).ConfigMapRef.Name);
        Assert.Equal("true", config.Data["Orleans__Kubernetes"]);
        Assert.Equal("Production", config.Data["Profile"]);
        Assert.Equal(config.Data["Http__Port"], container.Ports.Single(p => p.Name == "http").ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(config.Data["Orleans__GatewayPort"], container.Ports.Single(p => p.Name == "gateway").ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var secretRef = container.EnvFrom.Single(e => e.SecretRef is not null).SecretRef.Name;
        Assert.StartsWith("wsc-secrets", secretRef);
        if (overlay == "dev")
        {
            var secret = objects.OfType<V1Secret>().Single(s => s.Metadata.Name == secretRef);
            Assert.Contains("Postgres__ConnectionString", secret.Data.Keys);
            Assert.Contains("Storage__TagSecret", secret.Data.Keys);
        }

        // RBAC: the pod's service account may get, list, watch and delete pods in its namespace.
        var account = objects.OfType<V1ServiceAccount>().Single(a => a.Metadata.Name == pod.Spec.ServiceAccountName);
        var binding = objects.OfType<V1RoleBinding>().Single(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account.Metadata.Name));
        var role = objects.OfType<V1Role>().Single(r => r.Metadata.Name == binding.RoleRef.Name && binding.RoleRef.Kind == "Role");
        var podRule = role.Rules.Single(r => r.Resources.Contains("pods"));
        Assert.Equal(["delete", "get", "list", "watch"], podRule.Verbs.Order(StringComparer.Ordinal));
        Assert.Equal([""], podRule.ApiGroups);

        // Graceful shutdown: time to hand grains over; the rollout replaces one silo at a time, new one ready first.
        Assert.True(pod.Spec.TerminationGracePeriodSeconds >= 60, $"terminationGracePeriodSeconds {pod.Spec.TerminationGracePeriodSeconds}");
        Assert.Equal("0", silo.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.True(pod.Spec.SecurityContext.RunAsNonRoot);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Services_budget_autoscaler_and_migration_job_aim_at_the_silos(string overlay)
    {
        var objects = KubernetesYaml.LoadAllFromString(Render(overlay), strict: true);
        var silo = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "wsc-silo");
        var podLabels = silo.Spec.Template.Metadata.Labels;
        var ports = silo.Spec.Template.Spec.Containers[0].Ports.Select(p => p.Name).ToHashSet();
        bool Selects(IDictionary<string, string> selector) => selector.Count > 0 && selector.All(kv => podLabels.TryGetValue(kv.Key, out var v) && v == kv.Value);

        var gateway = objects.OfType<V1Service>().Single(s => s.Metadata.Name == "wsc-gateway");
        Assert.True(Selects(gateway.Spec.Selector));
        Assert.Equal(30000, gateway.Spec.Ports.Single().Port);
        Assert.Contains(gateway.Spec.Ports.Single().TargetPort.Value, ports);
        var http = objects.OfType<V1Service>().Single(s => s.Metadata.Name == "wsc-http");
        Assert.True(Selects(http.Spec.Selector));
        Assert.Equal("http", http.Spec.Ports.Single().TargetPort.Value);

        var pdb = objects.OfType<V1PodDisruptionBudget>().Single();
        Assert.True(Selects(pdb.Spec.Selector.MatchLabels));
        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);

        var hpa = objects.OfType<V2HorizontalPodAutoscaler>().Single();
        Assert.Equal(("Deployment", "wsc-silo"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal("cpu", hpa.Spec.Metrics.Single(m => m.Type == "Resource").Resource.Name);
        Assert.Equal("wsc_proving_segments_queued", hpa.Spec.Metrics.Single(m => m.Type == "Pods").Pods.Metric.Name);
        Assert.True(hpa.Spec.MinReplicas <= silo.Spec.Replicas && silo.Spec.Replicas <= hpa.Spec.MaxReplicas);

        var job = objects.OfType<V1Job>().Single(j => j.Metadata.Name == "wsc-migrate");
        var migrate = job.Spec.Template.Spec.Containers.Single();
        Assert.Equal(["wsc", "db", "migrate", "--connection"], migrate.Command.Take(4));
        Assert.Equal(silo.Spec.Template.Spec.Containers[0].Image, migrate.Image);
        var connection = migrate.Env.Single(e => migrate.Command.Contains($"$({e.Name})")).ValueFrom.SecretKeyRef;
        Assert.StartsWith("wsc-migration", connection.Name);
        Assert.NotEqual("Never", job.Spec.Template.Spec.RestartPolicy);
    }
}
