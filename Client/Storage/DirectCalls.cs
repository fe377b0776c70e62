namespace Wsc.Client.Storage;

/// <summary>Calls straight through an Orleans client, errors as they come (tests and in-process callers).</summary>
public sealed class DirectCalls(IClusterClient client) : IClusterCalls
{
    public Task<T> CallAsync<T>(string what, Func<IClusterClient, Task<T>> call) => call(client);
}
