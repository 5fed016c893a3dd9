using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.X12;

/// <summary>
/// A forward-only X12 tokenizer over bytes, in the shape of <c>Utf8JsonReader</c>: each <see cref="Read"/> moves to the
/// next segment, exposed as <see cref="Segment"/> with element and component access as spans. It takes its delimiters
/// from each ISA, tolerates what payers really send (CR/LF or nothing between segments, prose before the first ISA,
/// junk after the last IEA), checks ISA/GS/ST envelopes, and allocates nothing per segment.
/// </summary>
/// <remarks>
/// When the data ends in the middle of a segment and <c>isFinalBlock</c> is false, <see cref="Read"/> returns false;
/// keep the bytes from <see cref="BytesConsumed"/> on, append more, and continue with a new reader created from
/// <see cref="CurrentState"/>.
/// </remarks>
public ref partial struct X12Reader
{
    /// <summary>How many element positions are indexed per segment; later ones are found by walking separators.</summary>
    internal const int IndexedElements = 64;

    /// <summary>An ISA longer than this (its 16 elements) is malformed; the standard one is 106 bytes.</summary>
    private const int MaxIsaLength = 512;

    private static ReadOnlySpan<byte> Isa => "ISA"u8;

    private static readonly int[] IsaWidths = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

    private X12ReaderState _state;

    // The bytes being read: the whole input span, one memory of a sequence, or a scratch copy across memories.
    private ReadOnlySpan<byte> _data;
    private bool _dataIsFinal;
    private int _pos;
    private long _dataBase;

    // Sequence mode: the unread part of the sequence, and a pooled scratch for segments that straddle memories.
    private readonly bool _isSequence;
    private readonly bool _isFinalBlock;
    private ReadOnlySequence<byte> _sequence;
    private byte[]? _scratch;
    private long _sequenceConsumed;

    // The current segment.
    private ReadOnlySpan<byte> _segment;
    private ElementEnds _ends;
    private int _elementCount;
    private long _segmentOffset;
    private long _segmentIndex;

    // Scan block (span mode only, where _data never changes): separator and terminator masks of up to 512 bytes from
    // _blockBase on, one bit per byte, for the delimiter pair _blockKey. They are loaded eight vectors at a time, so the
    // loads overlap instead of each waiting for the segment before it, and the next Read() continues from them. They
    // die with the reader (never kept in the state).
    private const int TouchDistance = 4096;
    private ScanMasks _separatorMasks;
    private ScanMasks _terminatorMasks;
    private int _blockBase;
    private int _blockLength;
    private int _blockKey;

    /// <summary>Creates a reader over a span.</summary>
    /// <param name="data">The bytes to read.</param>
    /// <param name="isFinalBlock">True when no more data follows <paramref name="data"/>.</param>
    /// <param name="state">The state from the previous buffer, or a new one for the start of an input.</param>
    public X12Reader(ReadOnlySpan<byte> data, bool isFinalBlock, X12ReaderState state)
    {
        _state = state;
        _data = data;
        _dataIsFinal = isFinalBlock;
        _isFinalBlock = isFinalBlock;
        _dataBase = state.BytesConsumedTotal;
    }

    /// <summary>Creates a reader over a whole input held in one span.</summary>
    public X12Reader(ReadOnlySpan<byte> data, X12ReaderOptions options = default, IDiagnosticSink? diagnostics = null, string? fileName = null)
        : this(data, true, new X12ReaderState(options, diagnostics, fileName))
    {
    }

    /// <summary>Creates a reader over a sequence of memories (for example from a <c>PipeReader</c>).</summary>
    /// <param name="data">The bytes to read.</param>
    /// <param name="isFinalBlock">True when no more data follows <paramref name="data"/>.</param>
    /// <param name="state">The state from the previous buffer, or a new one for the start of an input.</param>
    public X12Reader(ReadOnlySequence<byte> data, bool isFinalBlock, X12ReaderState state)
    {
        _state = state;
        _isFinalBlock = isFinalBlock;
        _dataBase = state.BytesConsumedTotal;
        if (data.IsSingleSegment)
        {
            _data = data.FirstSpan;
            _dataIsFinal = isFinalBlock;
        }
        else
        {
            _isSequence = true;
            _sequence = data;
            _data = data.FirstSpan;
            _dataIsFinal = false;
        }
    }

    /// <summary>The current segment; valid until the next <see cref="Read"/>.</summary>
    [UnscopedRef]
    public readonly X12Segment Segment =>
        new(_segment, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _ends[0]), Math.Min(_elementCount, IndexedElements)), _elementCount, _state.Delimiters);

    /// <summary>Byte offset of the current segment from the start of the input.</summary>
    public readonly long SegmentOffset => _segmentOffset;

    /// <summary>Zero-based index of the current segment in the input.</summary>
    public readonly long SegmentIndex => _segmentIndex;

    /// <summary>Bytes of the data passed to this reader that were consumed; the caller keeps the rest for the next reader.</summary>
    public readonly long BytesConsumed => _isSequence ? _sequenceConsumed + _pos : _pos;

    /// <summary>In sequence mode, the position up to which the sequence was consumed (for <c>PipeReader.AdvanceTo</c>).</summary>
    public readonly SequencePosition Position => _isSequence ? _sequence.GetPosition(_pos) : default;

    /// <summary>The state to continue with over the next buffer.</summary>
    public readonly X12ReaderState CurrentState
    {
        get
        {
            var state = _state;
            state.BytesConsumedTotal = _dataBase + _pos;
            return state;
        }
    }

    /// <summary>Counts of what was read so far.</summary>
    public readonly X12Statistics Statistics => _state.Statistics;

    /// <summary>The delimiters of the current interchange.</summary>
    public readonly X12Delimiters Delimiters => _state.Delimiters;

    /// <summary>True while the current segment is inside an ST/SE transaction set (ST and SE included).</summary>
    public readonly bool InTransaction => _state.InTransaction;

    /// <summary>ISA13 of the current interchange (allocates); null outside one.</summary>
    public readonly string? InterchangeControlNumber => _state.InterchangeControl.ToString();

    /// <summary>GS06 of the current functional group (allocates); null outside one.</summary>
    public readonly string? GroupControlNumber => _state.GroupControl.ToString();

    /// <summary>ST02 of the current transaction set (allocates); null outside one.</summary>
    public readonly string? TransactionControlNumber => _state.TransactionControl.ToString();

    /// <summary>ST01 of the current transaction set, e.g. 835 (allocates); null outside one.</summary>
    public readonly string? TransactionSetId => _state.TransactionSetId.ToString();

    /// <summary>True when the current transaction set is an 835.</summary>
    public readonly bool InTransaction835 => _state.InTransaction && _state.TransactionSetId.Matches("835"u8);

    /// <summary>The file name given to the reader, if any.</summary>
    public readonly string? FileName => _state.FileName;

    /// <summary>The options the reader runs with.</summary>
    public readonly X12ReaderOptions Options => _state.Options;

    /// <summary>
    /// Moves to the next segment. False when the data is exhausted: at the end of the input when it was the final
    /// block, otherwise because more data is needed.
    /// </summary>
    public bool Read()
    {
        if (!_isSequence) return ReadCore();
        return ReadFromSequence();
    }

    private bool ReadFromSequence()
    {
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
        while (true)
        {
            if (ReadCore()) return true;
            // The current memory holds no whole segment. Move to the next memory if this one is used up,
            // or copy the straddling bytes into a scratch buffer and read the segment from there.
            var remaining = _sequence.Length - _pos;
            if (remaining == 0 || (_data.Length - _pos == 0 && _sequence.IsSingleSegment))
            {
                return FinishSequence();
            }
            if (_pos == _data.Length)
            {
                AdvanceSequence(_pos);
                continue;
            }
            if (ReadStraddling(remaining)) return true;
            if (_sequence.Length - _pos == 0 || _state.Finished) return FinishSequence();
            if (!_isFinalBlock) return false;
        }
    }

    private bool FinishSequence()
    {
        // Nothing whole is left: the caller must supply more data, or this was the end.
        if (_isFinalBlock && !_state.Finished)
        {
            AdvanceSequence(_pos);
            _data = default;
            _dataIsFinal = true;
            return ReadCore();
        }
        return false;
    }

    private void AdvanceSequence(int consumed)
    {
        _sequence = _sequence.Slice(consumed);
        _sequenceConsumed += consumed;
        _dataBase += consumed;
        _pos = 0;
        _data = _sequence.FirstSpan;
        _dataIsFinal = _isFinalBlock && _sequence.IsSingleSegment;
    }

    private bool ReadStraddling(long remaining)
    {
        AdvanceSequence(_pos);
        var want = (int)Math.Min(remaining, 1024);
        var limit = (int)Math.Min(remaining, (long)_state.Options.MaxSegmentLength + MaxIsaLength + 2);
        while (true)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(want);
            var copy = scratch.AsSpan(0, want);
            _sequence.Slice(0, want).CopyTo(copy);
            var savedData = _data;
            var savedFinal = _dataIsFinal;
            _data = copy;
            _dataIsFinal = _isFinalBlock && want == remaining;
            _pos = 0;
            var found = ReadCore();
            var consumed = _pos;
            _data = savedData;
            _dataIsFinal = savedFinal;
            _pos = 0;
            if (found || consumed > 0)
            {
                _scratch = scratch;
                // The segment view points into the scratch; consume its bytes from the sequence.
                _sequence = _sequence.Slice(consumed);
                _sequenceConsumed += consumed;
                _dataBase += consumed;
                _data = _sequence.FirstSpan;
                _dataIsFinal = _isFinalBlock && _sequence.IsSingleSegment;
                if (found) return true;
                ArrayPool<byte>.Shared.Return(scratch);
                _scratch = null;
                return false;
            }
            ArrayPool<byte>.Shared.Return(scratch);
            if (want >= limit) return false;
            want = (int)Math.Min(limit, (long)want * 4);
        }
    }

    private bool ReadCore()
    {
        while (true)
        {
            switch (_state.Mode)
            {
                case ReaderMode.Seeking:
                    if (!SeekInterchange(out var isa)) return false;
                    if (isa) return true;
                    continue;

                case ReaderMode.SkippingSegment:
                    if (!SkipOversizedSegment()) return false;
                    continue;

                default:
                    var result = ReadSegment();
                    if (result == SegmentResult.Segment) return true;
                    if (result == SegmentResult.Exhausted) return false;
                    continue;
            }
        }
    }

    private enum SegmentResult : byte
    {
        Segment,
        Skipped,
        Exhausted,
    }

    private SegmentResult ReadSegment() => ReadOrdinarySegment() ? SegmentResult.Segment : ReadAnySegment();

    // ---- Diagnostics -------------------------------------------------------------------------------------------

    private void Report(string code, DiagnosticSeverity severity, string message, long offset, long segmentIndex, scoped ReadOnlySpan<byte> segmentId, int element, scoped ReadOnlySpan<byte> value = default)
    {
        if (severity == DiagnosticSeverity.Error) _state.Statistics.Errors++;
        else if (severity == DiagnosticSeverity.Warning) _state.Statistics.Warnings++;
        var sink = _state.Diagnostics;
        if (sink is null) return;
        if (_state.Options.IncludeValuesInMessages && !value.IsEmpty)
        {
            message += $" Value: '{X12Span.ToStringOrNull(value)}'.";
        }
        sink.Report(new Diagnostic(code, severity, message)
        {
            File = _state.FileName,
            ByteOffset = offset,
            SegmentIndex = segmentIndex,
            SegmentId = segmentId.IsEmpty ? null : System.Text.Encoding.Latin1.GetString(segmentId),
            Element = element,
            InterchangeControlNumber = _state.InterchangeControl.ToString(),
            GroupControlNumber = _state.GroupControl.ToString(),
            TransactionControlNumber = _state.TransactionControl.ToString(),
        });
    }

    /// <summary>Reports a diagnostic located at the current segment, with this reader's file and control numbers. For layers above the tokenizer.</summary>
    /// <param name="code">Stable diagnostic code.</param>
    /// <param name="severity">Severity.</param>
    /// <param name="message">Message without element values.</param>
    /// <param name="element">Element position concerned, or 0.</param>
    public readonly Diagnostic CreateDiagnostic(string code, DiagnosticSeverity severity, string message, int element = 0) =>
        new(code, severity, message)
        {
            File = _state.FileName,
            ByteOffset = _segmentOffset,
            SegmentIndex = _segmentIndex,
            SegmentId = _segment.IsEmpty ? null : Segment.IdString,
            Element = element,
            InterchangeControlNumber = _state.InterchangeControl.ToString(),
            GroupControlNumber = _state.GroupControl.ToString(),
            TransactionControlNumber = _state.TransactionControl.ToString(),
        };
}
