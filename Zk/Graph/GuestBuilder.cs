using System.Diagnostics;
using Wsc.Zk.Vm;

namespace Wsc.Zk.Graph;

/// <summary>
/// Builds zkGraph programs: compiles the graph's C sources and the SDK runtime with clang for RV32IM and links
/// them with ld.lld and the SDK linker script (guest/link.ld).
/// </summary>
public sealed class GuestBuilder
{
    /// <summary>Flags every guest object is compiled with.</summary>
    public static readonly IReadOnlyList<string> CompileFlags =
    [
        "--target=riscv32", "-march=rv32im", "-mabi=ilp32", "-nostdlib", "-ffreestanding", "-mno-relax", "-fno-pic",
        "-ffunction-sections", "-fdata-sections", "-Wall", "-Wextra",
    ];

    /// <summary>Uses the SDK in <paramref name="sdkDir"/> (the directory holding include/zkgraph.h) and the given tools.</summary>
    public GuestBuilder(string sdkDir, string? clang = null, string? lld = null)
    {
        if (!File.Exists(Path.Combine(sdkDir, "include", "zkgraph.h")))
            throw new GuestBuildException($"guest SDK not found: {sdkDir} has no include/zkgraph.h");
        SdkDirectory = Path.GetFullPath(sdkDir);
        Clang = clang ?? Environment.GetEnvironmentVariable("WSC_CLANG") ?? FindTool("clang", "clang-18", "clang-17", "clang-16", "clang-15", "clang-14");
        Lld = lld ?? Environment.GetEnvironmentVariable("WSC_LLD") ?? FindTool("ld.lld", "ld.lld-18", "ld.lld-17", "ld.lld-16", "ld.lld-15", "ld.lld-14");
    }

    public string SdkDirectory { get; }
    public string Clang { get; }
    public string Lld { get; }

    /// <summary>
    /// Finds the SDK: <paramref name="explicitDir"/>, else $WSC_GUEST_SDK, else the first `guest/` with
    /// include/zkgraph.h above the current directory or above the running binary.
    /// </summary>
    public static string LocateSdk(string? explicitDir = null)
    {
        var dir = explicitDir ?? Environment.GetEnvironmentVariable("WSC_GUEST_SDK");
        if (!string.IsNullOrEmpty(dir)) return dir;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "guest");
                if (File.Exists(Path.Combine(candidate, "include", "zkgraph.h"))) return candidate;
            }
        }
        throw new GuestBuildException("guest SDK not found: set WSC_GUEST_SDK or pass --sdk (the directory holding include/zkgraph.h)");
    }

    /// <summary>
    /// Builds the graph in <paramref name="graphDir"/> (reads zkgraph.yaml). <paramref name="optimization"/> overrides
    /// the manifest's -O level; <paramref name="outputElf"/> overrides the manifest's program path.
    /// </summary>
    public GuestBuild Build(string graphDir, string? optimization = null, string? outputElf = null)
    {
        var manifest = ZkGraphManifest.Load(Path.Combine(graphDir, "zkgraph.yaml"));
        var opt = optimization ?? manifest.Build.Optimization;
        var sources = manifest.Build.Sources.Count > 0
            ? manifest.Build.Sources.Select(s => Path.Combine(graphDir, s)).ToList()
            : Directory.GetFiles(graphDir, "*.c").Order(StringComparer.Ordinal).ToList();
        if (sources.Count == 0) throw new GuestBuildException($"{graphDir}: no C sources (add *.c files or build.sources)");
        foreach (var s in sources)
            if (!File.Exists(s)) throw new GuestBuildException($"{graphDir}: source {s} not found");
        var runtime = Directory.GetFiles(Path.Combine(SdkDirectory, "runtime"), "*.c").Order(StringComparer.Ordinal)
            .Prepend(Path.Combine(SdkDirectory, "runtime", "crt0.S")).ToList();

        var elf = Path.GetFullPath(outputElf ?? Path.Combine(graphDir, manifest.Program));
        Directory.CreateDirectory(Path.GetDirectoryName(elf)!);
        var objDir = Directory.CreateTempSubdirectory("wsc-guest-");
        try
        {
            var objects = new List<string>();
            var all = runtime.Concat(sources).ToList();
            for (var i = 0; i < all.Count; i++)
            {
                var obj = Path.Combine(objDir.FullName, $"{i:D3}-{Path.GetFileNameWithoutExtension(all[i])}.o");
                List<string> args = [.. CompileFlags, $"-O{opt}", "-I", Path.Combine(SdkDirectory, "include"), "-I", Path.Combine(SdkDirectory, "runtime"), "-c", all[i], "-o", obj];
                Run(Clang, args, all[i]);
                objects.Add(obj);
            }
            Run(Lld, ["-T", Path.Combine(SdkDirectory, "link.ld"), "--gc-sections", "-o", elf, .. objects], "link");
        }
        finally
        {
            objDir.Delete(recursive: true);
        }
        var bytes = File.ReadAllBytes(elf);
        return new GuestBuild(elf, ProgramImage.FromElf(bytes).Id, bytes.Length, manifest);
    }

    private static void Run(string tool, IEnumerable<string> args, string what)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new GuestBuildException($"could not start {tool}");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            var first = stderr.Result.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? stderr.Result.Split('\n')[0];
            throw new GuestBuildException($"{Path.GetFileName(tool)} failed on {Path.GetFileName(what)}: {first.Trim()}");
        }
    }

    private static string FindTool(params string[] names)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var n in names)
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                if (File.Exists(Path.Combine(dir, n))) return Path.Combine(dir, n);
        throw new GuestBuildException($"{names[0]} not found on PATH (install clang and lld: scripts/setup.sh)");
    }
}
