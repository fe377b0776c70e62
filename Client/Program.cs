using System.CommandLine;
using System.Reflection;
using Wsc.Client.Cli;

var root = new RootCommand("wsc: the World Supercomputer command-line tool");
foreach (var type in Assembly.GetExecutingAssembly().GetTypes()
             .Where(t => typeof(ICommandGroup).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
             .OrderBy(t => t.Name, StringComparer.Ordinal))
{
    root.Subcommands.Add(((ICommandGroup)Activator.CreateInstance(type)!).Build());
}

try
{
    var parsed = root.Parse(args);
    if (parsed.Errors.Count > 0)
    {
        return ParseErrorReport.Write(parsed, Console.Out, Console.Error);
    }
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync($"wsc: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    // Ctrl+C, or a wait that was given up: never the runtime's "A task was canceled".
    await Console.Error.WriteLineAsync("wsc: cancelled before the cluster answered");
    return 1;
}
catch (Exception e)
{
    // Whatever went wrong (an Orleans error included), the user gets one line, not a stack trace.
    await Console.Error.WriteLineAsync($"wsc: {FailoverRetry.Describe(e)}");
    return 1;
}
