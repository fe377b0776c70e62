namespace Wsc.Zk.Air;

/// <summary>A statement proven in one proof: tables of possibly different heights, joined by buses (LogUp).</summary>
public sealed class AirSystem
{
    public string Name { get; }

    public IReadOnlyList<TableAir> Tables { get; }

    public AirSystem(string name, IReadOnlyList<TableAir> tables)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (tables.Count == 0) throw new ArgumentException($"AIR system '{name}' needs at least one table", nameof(tables));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tables)
        {
            if (!names.Add(t.Name)) throw new ArgumentException($"AIR system '{name}': table name '{t.Name}' is used twice", nameof(tables));
            if (t.MainWidth <= 0) throw new ArgumentException($"table '{t.Name}': main width must be positive, got {t.MainWidth}", nameof(tables));
            if (t.PreprocessedWidth < 0) throw new ArgumentException($"table '{t.Name}': negative preprocessed width", nameof(tables));
            if (t.StatementWidth < 0 || t.StatementWidth >= t.MainWidth)
                throw new ArgumentException($"table '{t.Name}': statement width must be in 0..{t.MainWidth - 1} (at least one main column outside), got {t.StatementWidth}", nameof(tables));
            if (t.PreprocessedWidth > 0 && t.FixedLogHeight is null)
                throw new ArgumentException($"table '{t.Name}': preprocessed columns need a FixedLogHeight", nameof(tables));
            foreach (var p in t.PeriodicColumns)
            {
                if (p.Length == 0 || (p.Length & (p.Length - 1)) != 0)
                    throw new ArgumentException($"table '{t.Name}': periodic column length must be a power of two, got {p.Length}", nameof(tables));
            }
            if (t.TransitionDegrees.Concat(t.RowDegrees).Any(d => d < 1))
                throw new ArgumentException($"table '{t.Name}': constraint degrees must be at least 1", nameof(tables));
            if (t.InteractionsPerAuxColumn is not (1 or 2))
                throw new ArgumentException($"table '{t.Name}': InteractionsPerAuxColumn must be 1 or 2, got {t.InteractionsPerAuxColumn}", nameof(tables));
            int frameWidth = t.PreprocessedWidth + t.MainWidth;
            foreach (var i in t.Interactions)
            {
                if (i.Values.Count == 0) throw new ArgumentException($"table '{t.Name}': an interaction on bus {i.Bus} has no values", nameof(tables));
                if (i.Bus < 0) throw new ArgumentException($"table '{t.Name}': bus ids must be non-negative, got {i.Bus}", nameof(tables));
                if (i.Values.Append(i.Multiplicity).Any(e => e.MaxColumn >= frameWidth))
                    throw new ArgumentException($"table '{t.Name}': an interaction on bus {i.Bus} reads a column outside the {frameWidth}-column frame", nameof(tables));
            }
        }
        // Tuples of different lengths on one bus could collide ((x) and (x, 0) share a fingerprint), so forbid them.
        var widths = new Dictionary<int, (int Width, string Table)>();
        foreach (var t in tables)
        {
            foreach (var i in t.Interactions)
            {
                if (widths.TryGetValue(i.Bus, out var seen) && seen.Width != i.Values.Count)
                    throw new ArgumentException($"bus {i.Bus}: table '{t.Name}' uses {i.Values.Count} values but table '{seen.Table}' uses {seen.Width}; every interaction on a bus must carry the same number of values", nameof(tables));
                widths[i.Bus] = (i.Values.Count, t.Name);
            }
        }
        Name = name;
        Tables = tables;
    }
}
