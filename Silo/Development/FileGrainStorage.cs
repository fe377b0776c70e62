using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Orleans.Serialization;
using Orleans.Storage;

namespace Wsc.Silo.Development;

/// <summary>
/// The development profile's grain storage: one file per grain state under the data directory, in Orleans' binary
/// format, replaced by an atomic rename (a killed silo leaves the old state or the new one, never half of one).
/// One silo owns the directory (<see cref="DevelopmentState"/> locks it), so versions are checked in memory.
/// </summary>
public sealed class FileGrainStorage(string directory, Serializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, long> _versions = new();

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        var version = BitConverter.ToInt64(bytes, 0);
        grainState.State = serializer.Deserialize<T>(bytes.AsMemory(sizeof(long)));
        grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        _versions[path] = version;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var next = Check(path, grainState.ETag, "write") + 1;
        var body = serializer.SerializeToArray(grainState.State);
        var bytes = new byte[sizeof(long) + body.Length];
        BitConverter.TryWriteBytes(bytes, next);
        body.CopyTo(bytes, sizeof(long));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        await File.WriteAllBytesAsync(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
        _versions[path] = next;
        grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        Check(path, grainState.ETag, "clear");
        File.Delete(path);
        _versions.TryRemove(path, out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    /// <summary>The stored version, after checking the caller wrote on top of it (as other providers' ETags do).</summary>
    private long Check(string path, string? etag, string what)
    {
        var stored = _versions.TryGetValue(path, out var v) ? v : (long?)null;
        var expected = etag is null ? (long?)null : long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);
        if (stored != expected)
        {
            throw new InconsistentStateException($"{what} of {path}: version {expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} is stale (stored {stored?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})",
                stored?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", etag ?? "");
        }
        return stored ?? 0;
    }

    /// <summary>`grains/{type}/{state}/{key}.bin`; keys that do not make a safe file name are hashed.</summary>
    private string PathOf(string stateName, GrainId grainId)
    {
        var key = grainId.Key.ToString()!;
        var safe = key.Length <= 120 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? key
            : key.Length <= 80 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
                ? key.Replace('/', '+')
                : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(directory, Sanitize(grainId.Type.ToString()!), Sanitize(stateName), safe + ".bin");
    }

    private static string Sanitize(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
