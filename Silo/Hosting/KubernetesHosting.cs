namespace Wsc.Silo.Hosting;

/// <summary>
/// `Orleans:Kubernetes=true` (production profile only): Orleans' Kubernetes hosting on top of the ADO.NET clustering.
/// It names the silo after its pod, advertises the pod IP, takes ServiceId and ClusterId from the pod's
/// `orleans/serviceId` and `orleans/clusterId` labels (passed in as ORLEANS_SERVICE_ID / ORLEANS_CLUSTER_ID), and
/// deletes the pods of silos the cluster declared dead, so Kubernetes replaces them. deploy/k8s sets all of it.
/// </summary>
public static class KubernetesHosting
{
    /// <summary>The downward-API variables the Kubernetes hosting package reads.</summary>
    public static readonly string[] RequiredVariables = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];

    /// <summary>Whether `Orleans:Kubernetes` is on.</summary>
    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Orleans:Kubernetes", false);

    /// <summary>
    /// Fails with one line naming the missing variables when the switch is on outside a pod (or in a pod spec without
    /// the downward API), before anything starts; Orleans would otherwise fail later with less to go on.
    /// </summary>
    public static void Check(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        if (!Enabled(configuration))
        {
            return;
        }
        environment ??= Environment.GetEnvironmentVariable;
        var missing = RequiredVariables.Where(v => string.IsNullOrWhiteSpace(environment(v))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Orleans:Kubernetes=true needs the pod's downward-API environment variables; missing: {string.Join(", ", missing)} (see deploy/k8s/base/silo-deployment.yaml)");
        }
    }
}
