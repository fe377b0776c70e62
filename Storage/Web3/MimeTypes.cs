namespace Wsc.Storage.Web3;

/// <summary>File extension to MIME type, the table browsers and ERC-6860 gateways use for served files.</summary>
public static class MimeTypes
{
    private static readonly Dictionary<string, string> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = "text/html", ["htm"] = "text/html", ["css"] = "text/css", ["js"] = "text/javascript",
        ["mjs"] = "text/javascript", ["json"] = "application/json", ["txt"] = "text/plain", ["md"] = "text/markdown",
        ["csv"] = "text/csv", ["xml"] = "text/xml", ["svg"] = "image/svg+xml", ["png"] = "image/png",
        ["jpg"] = "image/jpeg", ["jpeg"] = "image/jpeg", ["gif"] = "image/gif", ["webp"] = "image/webp",
        ["avif"] = "image/avif", ["ico"] = "image/x-icon", ["bmp"] = "image/bmp", ["pdf"] = "application/pdf",
        ["wasm"] = "application/wasm", ["zip"] = "application/zip", ["gz"] = "application/gzip",
        ["tar"] = "application/x-tar", ["bin"] = "application/octet-stream", ["elf"] = "application/octet-stream",
        ["mp3"] = "audio/mpeg", ["wav"] = "audio/wav", ["ogg"] = "audio/ogg", ["mp4"] = "video/mp4",
        ["webm"] = "video/webm", ["woff"] = "font/woff", ["woff2"] = "font/woff2", ["ttf"] = "font/ttf",
        ["otf"] = "font/otf", ["yaml"] = "application/yaml", ["yml"] = "application/yaml",
    };

    /// <summary>The MIME type of extension <paramref name="extension"/> (without the dot), or null when unknown.</summary>
    public static string? ByExtension(string extension) => Table.GetValueOrDefault(extension);
}
