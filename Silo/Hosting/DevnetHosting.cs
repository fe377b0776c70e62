using Wsc.Silo.Devnet;

namespace Wsc.Silo.Hosting;

/// <summary>Adds the development devnet (anvil launcher, traffic generator, example zkGraphs); the launcher publishes the endpoint the follower reads.</summary>
public static class DevnetHosting
{
    public static void Add(IServiceCollection services, ConfigurationManager config)
    {
        // The Development profile decides here, whatever the ASP.NET environment name says.
        config["Devnet:Enabled"] = "true";
        // The examples' destinations need a cluster key: price-threshold's transaction, zkml-mlp's granted storage writes.
        if (string.IsNullOrEmpty(config["Automation:Key"]))
        {
            config["Automation:Key"] = DevnetKeys.AutomationHex;
        }
        services.AddWscDevnet(config);
        // Here, not in AddWscDevnet: it deploys graphs through the silo's grains, and the devnet alone runs without Orleans.
        services.AddHostedService<DevnetZkGraphs>();
    }
}
