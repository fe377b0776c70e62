namespace Wsc.Bench;

/// <summary>One benchmark command: `dotnet run -c Release --project bench -- NAME [args]` prints one JSON document.</summary>
public interface IBenchmark
{
    /// <summary>The command name, e.g. "stark".</summary>
    string Name { get; }

    /// <summary>One line for the usage listing.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark and returns the process exit code; writes JSON on stdout.</summary>
    Task<int> RunAsync(string[] args);
}
