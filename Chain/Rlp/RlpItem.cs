namespace Wsc.Chain.Rlp;

/// <summary>A decoded RLP value as a tree: either a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private RlpItem(byte[]? bytes, IReadOnlyList<RlpItem>? items)
    {
        Bytes = bytes ?? [];
        Items = items ?? [];
        IsList = items is not null;
    }

    /// <summary>True for a list, false for a byte string.</summary>
    public bool IsList { get; }

    /// <summary>The string payload (empty for lists).</summary>
    public byte[] Bytes { get; }

    /// <summary>The list elements (empty for strings).</summary>
    public IReadOnlyList<RlpItem> Items { get; }

    /// <summary>A byte string item.</summary>
    public static RlpItem String(byte[] bytes) => new(bytes, null);

    /// <summary>A list item.</summary>
    public static RlpItem List(IReadOnlyList<RlpItem> items) => new(null, items);

    /// <summary>Strictly decodes exactly one item spanning the whole input.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new RlpReader(encoded);
        var item = Read(ref reader, 0);
        reader.EnsureEnd("RLP input");
        return item;
    }

    /// <summary>Canonical encoding of this item.</summary>
    public byte[] Encode()
    {
        var w = new RlpWriter();
        Write(w);
        return w.ToArray();
    }

    /// <summary>Writes this item into <paramref name="writer"/>.</summary>
    public void Write(RlpWriter writer)
    {
        if (!IsList)
        {
            writer.WriteBytes(Bytes);
            return;
        }
        var mark = writer.StartList();
        foreach (var item in Items)
        {
            item.Write(writer);
        }
        writer.EndList(mark);
    }

    private static RlpItem Read(ref RlpReader reader, int depth)
    {
        // Depth bound keeps hostile input from exhausting the stack.
        if (depth > 1024)
        {
            throw new RlpException("RLP nesting deeper than 1024 levels");
        }
        if (!reader.NextIsList)
        {
            return String(reader.ReadByteArray());
        }
        var inner = reader.ReadList();
        var items = new List<RlpItem>();
        while (inner.HasMore)
        {
            items.Add(Read(ref inner, depth + 1));
        }
        return List(items);
    }
}
