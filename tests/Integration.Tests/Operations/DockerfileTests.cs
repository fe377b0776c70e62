using System.Text.Json;
using System.Xml.Linq;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// deploy/Dockerfile, checked statically (this machine has no container runtime, so the image is never built here):
/// a multi-stage build whose runtime stage is the ASP.NET runtime image running as a non-root user, with a liveness
/// HEALTHCHECK; every path it copies exists; it copies every project the silo and wsc are built from (and the files
/// they embed); and its entry points name the assemblies those projects produce.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string DockerfilePath = Path.Combine(Paths.RepoRoot, "deploy", "Dockerfile");

    private static readonly Dockerfile File = Dockerfile.Parse(System.IO.File.ReadAllText(DockerfilePath));

    private static readonly string[] RootUsers = ["root", "0", "0:0", "root:root"];

    private static Dockerfile.Stage Runtime => File.Stages[^1];

    [Fact]
    public void It_builds_with_the_sdk_and_runs_on_the_aspnet_runtime_as_a_non_root_user()
    {
        Assert.True(File.Stages.Count >= 2, "not a multi-stage build");
        Assert.All(File.Global, i => Assert.Equal("ARG", i.Keyword));
        var build = Assert.Single(File.Stages, s => s.Name == "build");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", build.Base);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", Runtime.Base);
        var user = Assert.Single(Runtime.All("USER")).Arguments;
        Assert.DoesNotContain(user, RootUsers);
        // USER comes after every RUN of the runtime stage (those need root) and before the entry point.
        var order = Runtime.Instructions.Select(i => i.Keyword).ToList();
        Assert.True(order.LastIndexOf("RUN") < order.IndexOf("USER"), "a RUN after USER would run as the app user");
        Assert.True(order.IndexOf("USER") < order.IndexOf("ENTRYPOINT"));
        Assert.DoesNotContain(Runtime.All("ENV"), e => e.Arguments.Contains("Password", StringComparison.OrdinalIgnoreCase) || e.Arguments.Contains("TagSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void Its_healthcheck_probes_health_live_on_the_http_port()
    {
        var check = Assert.Single(Runtime.All("HEALTHCHECK")).Arguments;
        var cmd = check[(check.IndexOf("CMD ", StringComparison.Ordinal) + 4)..];
        var argv = JsonSerializer.Deserialize<string[]>(cmd)!;
        Assert.Equal("bash", argv[0]);
        Assert.Contains("/health/live", argv[^1]);
        Assert.Contains("/dev/tcp/127.0.0.1/${Http__Port:-8080}", argv[^1]);
        Assert.Contains(Runtime.All("ENV"), e => e.Arguments.Contains("Http__Port=8080", StringComparison.Ordinal));
        Assert.Contains(Runtime.All("EXPOSE"), e => e.Arguments.Split(' ').Contains("8080"));
    }

    [Fact]
    public void Every_copied_path_exists_and_every_build_input_is_copied()
    {
        var build = File.Stages.Single(s => s.Name == "build");
        var copied = new List<string>();
        foreach (var copy in File.Stages.SelectMany(s => s.All("COPY")))
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0].StartsWith("--from=", StringComparison.Ordinal))
            {
                Assert.Contains(File.Stages, s => s.Name == parts[0]["--from=".Length..]);
                continue;
            }
            foreach (var source in parts[..^1])
            {
                var full = Path.Combine(Paths.RepoRoot, source);
                Assert.True(System.IO.File.Exists(full) || Directory.Exists(full), $"COPY {source}: no such path in the repository");
                copied.Add(source.TrimEnd('/'));
            }
        }
        // The projects the two published projects are built from, and the files they embed from outside themselves.
        foreach (var input in BuildInputs(["Silo/Silo.csproj", "Client/Client.csproj"]))
        {
            Assert.True(copied.Any(c => input == c || input.StartsWith(c + "/", StringComparison.Ordinal)), $"{input} is needed to build but never copied");
        }
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.Contains(file, copied);
        }
        Assert.Contains(build.All("RUN"), r => r.Arguments.Contains("dotnet publish Silo/Silo.csproj", StringComparison.Ordinal));
        Assert.Contains(build.All("RUN"), r => r.Arguments.Contains("dotnet publish Client/Client.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void Its_entry_points_name_the_assemblies_the_projects_produce()
    {
        var silo = AssemblyName("Silo/Silo.csproj");
        var wsc = AssemblyName("Client/Client.csproj");
        var entry = JsonSerializer.Deserialize<string[]>(Assert.Single(Runtime.All("ENTRYPOINT")).Arguments)!;
        Assert.Equal(["dotnet", $"/app/silo/{silo}.dll"], entry);
        Assert.Contains(File.Stages.Single(s => s.Name == "build").All("RUN"), r => r.Arguments.Contains("Silo/Silo.csproj -c Release --no-restore -o /app/silo", StringComparison.Ordinal));
        Assert.Contains(Runtime.All("RUN"), r => r.Arguments.Contains($"exec dotnet /app/wsc/{wsc}.dll", StringComparison.Ordinal) && r.Arguments.Contains("/usr/local/bin/wsc", StringComparison.Ordinal));
        Assert.Equal(["/app/silo", "/app/wsc"], Runtime.All("COPY").Select(c => c.Arguments.Split(' ')[^1]));
    }

    private static string AssemblyName(string project) =>
        XDocument.Load(Path.Combine(Paths.RepoRoot, project)).Descendants("AssemblyName").Single().Value;

    // Project references followed to the end, plus EmbeddedResource/Content items that reach outside their project.
    private static SortedSet<string> BuildInputs(IEnumerable<string> roots)
    {
        var inputs = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.Count > 0)
        {
            var project = pending.Pop();
            var dir = Path.GetDirectoryName(project)!;
            if (!inputs.Add(dir))
            {
                continue;
            }
            foreach (var item in XDocument.Load(Path.Combine(Paths.RepoRoot, project)).Descendants())
            {
                var include = item.Attribute("Include")?.Value;
                if (include is null || !include.StartsWith("../", StringComparison.Ordinal))
                {
                    continue;
                }
                var target = Path.GetRelativePath(Paths.RepoRoot, Path.GetFullPath(Path.Combine(Paths.RepoRoot, dir, include))).Replace('\\', '/');
                if (item.Name.LocalName == "ProjectReference")
                {
                    pending.Push(target);
                }
                else if (item.Name.LocalName is "EmbeddedResource" or "Content" or "None" or "Compile")
                {
                    inputs.Add(Path.GetDirectoryName(target)!.Replace('\\', '/'));
                }
            }
        }
        return inputs;
    }
}
