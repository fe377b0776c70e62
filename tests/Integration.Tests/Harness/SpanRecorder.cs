using System.Diagnostics;
using OpenTelemetry;

namespace Wsc.Integration.Tests.Harness;

/// <summary>
/// An in-memory span exporter safe to read while spans end on other threads (the SDK's in-memory exporter appends to a
/// plain list from whichever thread stops a span, so copying it mid-append could throw).
/// </summary>
public sealed class SpanRecorder : BaseExporter<Activity>
{
    private readonly List<Activity> _spans = [];

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_spans)
        {
            foreach (var span in batch)
            {
                _spans.Add(span);
            }
        }
        return ExportResult.Success;
    }

    /// <summary>The spans ended so far.</summary>
    public List<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }
}
