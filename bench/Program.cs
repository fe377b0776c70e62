using System.Reflection;
using Wsc.Bench;

// Each benchmark is a class implementing IBenchmark; they are discovered so that adding one touches one file.
var benches = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || benches.All(b => b.Name != args[0]))
{
    await Console.Error.WriteLineAsync("usage: bench NAME [options]   (add --json for machine output)");
    foreach (var b in benches)
    {
        await Console.Error.WriteLineAsync($"  {b.Name,-14} {b.Description}");
    }
    return args.Length == 0 ? 0 : 2;
}

return await benches.First(b => b.Name == args[0]).RunAsync(args[1..]);
