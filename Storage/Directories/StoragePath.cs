namespace Wsc.Storage.Directories;

/// <summary>Directory paths: as they appear in a web3:// URL path — "/" then printable ASCII, no query or fragment.</summary>
public static class StoragePath
{
    /// <summary>Longest accepted path.</summary>
    public const int MaxLength = 1024;

    /// <summary>Null when <paramref name="path"/> is valid, else a one-line reason.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return $"path '{path}' must start with '/'";
        }
        if (path.Length > MaxLength)
        {
            return $"path of {path.Length} characters: expected at most {MaxLength}";
        }
        foreach (var c in path)
        {
            if (c is <= ' ' or > '~' or '?' or '#')
            {
                return $"path '{path}' has character 0x{(int)c:x2}: expected printable ASCII without '?', '#' or spaces";
            }
        }
        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with the reason when the path is invalid.</summary>
    public static string Check(string? path) => Problem(path) is string p ? throw new ArgumentException(p) : path!;
}
