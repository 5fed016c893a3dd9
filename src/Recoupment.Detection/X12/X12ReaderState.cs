using System.Runtime.CompilerServices;
using System.Text;
using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.X12;

/// <summary>
/// What the X12 reader must remember between buffers: delimiters, position, envelope context and counts.
/// Like <c>JsonReaderState</c>, pass <see cref="X12Reader.CurrentState"/> to the reader over the next buffer.
/// It holds no buffer of its own.
/// </summary>
public struct X12ReaderState
{
    /// <summary>Creates the state for the start of an input.</summary>
    /// <param name="options">Reader options.</param>
    /// <param name="diagnostics">Where diagnostics go; null drops them (they are still counted).</param>
    /// <param name="fileName">Name of the input, copied into every diagnostic.</param>
    public X12ReaderState(X12ReaderOptions options = default, IDiagnosticSink? diagnostics = null, string? fileName = null)
    {
        Options = options;
        Diagnostics = diagnostics;
        FileName = fileName;
    }

    /// <summary>The options the reader runs with.</summary>
    public X12ReaderOptions Options { get; }

    /// <summary>Where diagnostics go.</summary>
    public IDiagnosticSink? Diagnostics { get; }

    /// <summary>The input's name, copied into diagnostics.</summary>
    public string? FileName { get; }

    /// <summary>The delimiters of the current interchange (meaningful once an ISA was read).</summary>
    public X12Delimiters Delimiters { get; internal set; }

    /// <summary>Byte offset, from the start of the input, of the first byte not yet consumed.</summary>
    public long BytesConsumedTotal { get; internal set; }

    /// <summary>Counts of what was read so far.</summary>
    public X12Statistics Statistics;

    internal ReaderMode Mode;
    internal bool SawInterchange;
    internal bool SawData;
    internal bool JunkReported;
    internal bool Headerless;
    internal bool Finished;
    internal long SkipStartOffset;

    // Envelope context.
    internal bool InInterchange;
    internal bool InGroup;
    internal bool InTransaction;
    internal int GroupsInInterchange;
    internal int TransactionsInGroup;
    internal int SegmentsInTransaction;
    internal ControlNumber InterchangeControl;
    internal ControlNumber GroupControl;
    internal ControlNumber FunctionalIdentifier;
    internal ControlNumber TransactionControl;
    internal ControlNumber TransactionSetId;
    // SE and IEA close their envelope only when the next segment starts, so the trailer itself still reports its context.
    internal bool TransactionControlClosedPending;
    internal bool InterchangeClosedPending;
}

/// <summary>Counts of what an X12 reader has read.</summary>
public struct X12Statistics
{
    /// <summary>ISA headers read.</summary>
    public long Interchanges;
    /// <summary>GS headers read.</summary>
    public long FunctionalGroups;
    /// <summary>ST headers read, of any transaction set.</summary>
    public long Transactions;
    /// <summary>ST headers whose ST01 is 835.</summary>
    public long Transactions835;
    /// <summary>Segments read, ISA through IEA, including envelopes and skipped ones.</summary>
    public long Segments;
    /// <summary>Error diagnostics reported by the X12 layer.</summary>
    public int Errors;
    /// <summary>Warning diagnostics reported by the X12 layer.</summary>
    public int Warnings;
}

internal enum ReaderMode : byte
{
    /// <summary>Outside any interchange: looking for ISA (or, at the very start, a headerless GS/ST).</summary>
    Seeking,
    /// <summary>Inside an interchange: reading segments.</summary>
    Segments,
    /// <summary>Inside an over-long segment: discarding bytes up to the next terminator.</summary>
    SkippingSegment,
}

/// <summary>A control number or code kept inline (up to 16 bytes) so that the state stays a small value.</summary>
[InlineArray(Capacity)]
internal struct ControlNumberBytes
{
    public const int Capacity = 16;
    private byte _first;
}

internal struct ControlNumber
{
    private ControlNumberBytes _bytes;
    private int _length;

    public readonly bool IsEmpty => _length == 0;

    public void Set(ReadOnlySpan<byte> value)
    {
        _length = value.Length;
        value[..Math.Min(value.Length, ControlNumberBytes.Capacity)].CopyTo(_bytes);
    }

    public void Clear() => _length = 0;

    public readonly bool Matches(ReadOnlySpan<byte> value)
    {
        if (value.Length != _length) return false;
        var n = Math.Min(_length, ControlNumberBytes.Capacity);
        ReadOnlySpan<byte> mine = _bytes;
        return mine[..n].SequenceEqual(value[..n]);
    }

    public readonly override string? ToString()
    {
        if (_length == 0) return null;
        ReadOnlySpan<byte> mine = _bytes;
        return Encoding.Latin1.GetString(mine[..Math.Min(_length, ControlNumberBytes.Capacity)]);
    }
}
