using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.Support;

/// <summary>Records every segment as text with its position, for comparing readings of the same input.</summary>
public sealed class SegmentRecorder : IX12SegmentHandler
{
    public List<string> Segments { get; } = [];

    public void OnSegment(ref X12Reader reader)
    {
        var segment = reader.Segment;
        var sb = new StringBuilder();
        sb.Append(reader.SegmentIndex).Append('@').Append(reader.SegmentOffset).Append(' ');
        for (var i = 0; i <= segment.ElementCount; i++)
        {
            if (i > 0) sb.Append('|');
            sb.Append(Encoding.Latin1.GetString(segment[i]));
        }
        sb.Append(" ctl=").Append(reader.InterchangeControlNumber).Append('/').Append(reader.TransactionControlNumber);
        Segments.Add(sb.ToString());
    }

    /// <summary>Reads the whole input in one span and returns segments, diagnostics and statistics.</summary>
    public static Reading ReadWhole(byte[] data, X12ReaderOptions options = default)
    {
        var diagnostics = new DiagnosticList();
        var recorder = new SegmentRecorder();
        var state = X12StreamReader.Read(data, recorder, new X12ReaderState(options, diagnostics));
        return new Reading(recorder.Segments, diagnostics.Select(d => d.ToString()).ToList(), state.Statistics);
    }
}

public sealed record Reading(List<string> Segments, List<string> Diagnostics, X12Statistics Statistics);
