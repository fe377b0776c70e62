namespace Wsc.Client.Storage;

/// <summary>
/// How the storage client makes each call to the cluster: the CLI bounds every call by `--timeout` and turns failures
/// into one line naming <c>what</c>; tests call the client directly (<see cref="DirectCalls"/>).
/// </summary>
public interface IClusterCalls
{
    /// <summary>Runs one call; <paramref name="what"/> names it in errors (`storage put of URL: blobs 16..23 of 80`).</summary>
    Task<T> CallAsync<T>(string what, Func<IClusterClient, Task<T>> call);
}
