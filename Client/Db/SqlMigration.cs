using System.Security.Cryptography;
using System.Text;

namespace Wsc.Client.Db;

/// <summary>One schema file from deploy/sql: its file name (which orders it), its SQL text and that text's SHA-256.</summary>
public sealed record SqlMigration(string Name, string Sql, string Sha256)
{
    /// <summary>Builds a migration from a file's bytes; line endings are normalised first so a CRLF checkout hashes the same.</summary>
    public static SqlMigration FromBytes(string name, ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).ReplaceLineEndings("\n");
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new SqlMigration(name, text, hash);
    }
}
