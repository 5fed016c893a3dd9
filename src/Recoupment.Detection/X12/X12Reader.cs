using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
public ref struct X12Reader
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

    /// <summary>
    /// The fast path of <see cref="ReadSegment"/>: a segment that starts right at the current position with a
    /// letter other than I (so no filler and no ISA), has a single-byte element separator, a terminator inside the
    /// data, no line break before the terminator, a valid identifier and fewer than <see cref="IndexedElements"/>
    /// elements. Anything else returns false before changing any state, and <see cref="ReadAnySegment"/> reads it.
    /// Not inlined into the caller's loop: the scan inlined into it would exceed the JIT's inlining budget there.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReadOrdinarySegment()
    {
        var data = _data;
        var pos = _pos;
        if ((uint)pos >= (uint)data.Length) return false;
        ref var origin = ref MemoryMarshal.GetReference(data);
        var first = Unsafe.Add(ref origin, pos);
        if (first is (byte)'\r' or (byte)'\n')
        {
            // The line break after a terminator (other filler takes the general path).
            do
            {
                if (++pos == data.Length) return false;
                first = Unsafe.Add(ref origin, pos);
            }
            while (first is (byte)'\r' or (byte)'\n');
        }
        if ((uint)(first - 'A') > 'Z' - 'A' || first == (byte)'I') return false;
        var delimiters = _state.Delimiters;
        if (delimiters.ElementSeparatorLength != 1) return false;

        var limit = (int)Math.Min(data.Length, (long)pos + _state.Options.MaxSegmentLength + 1);
        var count = 0;
        var end = ScanSegment(data, pos, limit, delimiters.Element, delimiters.Segment, ref count);
        // The first byte is a letter, so a found terminator is past it.
        if (end < 0 || count >= IndexedElements || Unsafe.Add(ref origin, end - 1) is (byte)'\r' or (byte)'\n') return false;
        var length = end - pos;
        var idLength = count > 0 ? _ends[0] : length;
        if (idLength is < 2 or > 3) return false;
        var second = Unsafe.Add(ref origin, pos + 1);
        if (!IsIdByte(second) || (idLength == 3 && !IsIdByte(Unsafe.Add(ref origin, pos + 2)))) return false;

        _ends[count] = length;
        _pos = end + 1;
        _segment = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref origin, pos), length);
        _elementCount = count + 1;
        _segmentOffset = _dataBase + pos;
        _segmentIndex = _state.Statistics.Segments++;
        if (!_state.Options.SkipEnvelopeValidation) TrackEnvelope(_segment[..idLength]);
        else if (_state.InTransaction) _state.SegmentsInTransaction++;
        return true;

        static bool IsIdByte(byte b) => (uint)(b - 'A') <= 'Z' - 'A' || (uint)(b - '0') <= 9;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private SegmentResult ReadAnySegment()
    {
        var data = _data;
        var pos = _pos;
        var terminator = _state.Delimiters.Segment;

        // Skip what payers put between segments: CR, LF, spaces, tabs, and empty segments.
        while (pos < data.Length)
        {
            var b = data[pos];
            if (b > (byte)' ' && b != terminator) break;
            if (b != terminator && b is not ((byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t' or 0)) break;
            pos++;
        }
        _pos = pos;
        if (pos == data.Length) return EndOfData();

        // A new ISA: parse it on its own terms, because its delimiters may differ from this interchange's.
        if (data[pos] == (byte)'I' && data.Length - pos >= 3 && data.Slice(pos, 3).SequenceEqual(Isa))
        {
            if (data.Length - pos == 3 && !_dataIsFinal) return SegmentResult.Exhausted;
            if (data.Length - pos == 3 || !X12Span.IsAlphanumeric(data[pos + 3]))
            {
                return ReadIsa() switch
                {
                    IsaResult.Read => SegmentResult.Segment,
                    IsaResult.NeedMoreData => SegmentResult.Exhausted,
                    _ => SegmentResult.Skipped,
                };
            }
        }
        else if (data.Length - pos < 3 && !_dataIsFinal)
        {
            return SegmentResult.Exhausted;
        }

        var maxLength = _state.Options.MaxSegmentLength;
        var limit = (int)Math.Min(data.Length, (long)pos + maxLength + 1);
        var count = 0;
        var end = _state.Delimiters.ElementSeparatorLength == 1
            ? ScanSegment(data, pos, limit, _state.Delimiters.Element, terminator, ref count)
            : ScanSegmentMultiByte(data, pos, limit, _state.Delimiters, ref _ends, ref count);

        int length;
        if (end >= 0)
        {
            length = end - pos;
            _pos = end + 1;
        }
        else if (limit - pos > maxLength)
        {
            Report(DiagnosticCodes.SegmentTooLong, DiagnosticSeverity.Error,
                $"Segment exceeds the maximum segment length of {maxLength} bytes; it was skipped up to the next segment terminator.",
                _dataBase + pos, _state.Statistics.Segments, data.Slice(pos, Math.Min(3, data.Length - pos)), 0);
            _state.Statistics.Segments++;
            if (_state.InTransaction) _state.SegmentsInTransaction++;
            _state.SkipStartOffset = _dataBase + pos;
            _state.Mode = ReaderMode.SkippingSegment;
            _pos = limit;
            return SegmentResult.Skipped;
        }
        else if (!_dataIsFinal)
        {
            return SegmentResult.Exhausted;
        }
        else
        {
            // The last segment of the input has no terminator (common after a final IEA).
            length = data.Length - pos;
            while (length > 0 && data[pos + length - 1] <= (byte)' ') length--;
            _pos = data.Length;
            if (length == 0) return EndOfData();
            Report(DiagnosticCodes.MissingFinalTerminator, DiagnosticSeverity.Warning,
                "The last segment has no segment terminator.", _dataBase + pos, _state.Statistics.Segments, data.Slice(pos, Math.Min(3, length)), 0);
        }

        // Segments framed as "CR LF ~" carry the line break before the terminator: drop it.
        if (terminator is not ((byte)'\r' or (byte)'\n'))
        {
            while (length > 0 && data[pos + length - 1] is (byte)'\r' or (byte)'\n') length--;
        }
        var segment = data.Slice(pos, length);
        if (count < IndexedElements) _ends[count] = length;
        else
        {
            // Separators past the trimmed end cannot exist, so only the final end needs clamping.
            _ends[IndexedElements - 1] = Math.Min(_ends[IndexedElements - 1], length);
        }
        count++;
        ClampEnds(count, length);

        var idLength = _ends[0];
        _segmentOffset = _dataBase + pos;
        _segmentIndex = _state.Statistics.Segments++;
        if (idLength is < 2 or > 3 || !IsSegmentId(segment[..idLength]))
        {
            if (_state.InTransaction) _state.SegmentsInTransaction++;
            Report(DiagnosticCodes.InvalidSegmentId, DiagnosticSeverity.Error,
                "The segment identifier is not 2 or 3 letters or digits; the segment was skipped.",
                _segmentOffset, _segmentIndex, default, 0);
            return SegmentResult.Skipped;
        }

        _segment = segment;
        _elementCount = count;
        if (!_state.Options.SkipEnvelopeValidation) TrackEnvelope(segment[..idLength]);
        else if (_state.InTransaction) _state.SegmentsInTransaction++;
        return SegmentResult.Segment;
    }

    private void ClampEnds(int count, int length)
    {
        // A trailing line break was trimmed after the last separator scan: keep every end inside the segment.
        var n = Math.Min(count, IndexedElements);
        for (var i = n - 1; i >= 0 && _ends[i] > length; i--) _ends[i] = length;
    }

    private static bool IsSegmentId(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
        {
            if ((uint)(b - 'A') > 'Z' - 'A' && (uint)(b - '0') > 9) return false;
        }
        return (uint)(id[0] - 'A') <= 'Z' - 'A';
    }

    /// <summary>
    /// Finds the terminator of the segment starting at <paramref name="start"/> and records the element separator
    /// positions (relative to <paramref name="start"/>) in <see cref="_ends"/>. Returns the terminator's index, or -1 before <paramref name="limit"/>.
    /// </summary>
    /// <remarks>
    /// A bitmask scan: a block of 64-byte words is turned into one mask of separators and one of terminators; the
    /// separators before the first terminator are recorded from the masks without looking at the bytes again. The
    /// block is kept, so the following segments are read from it. No byte at or past <paramref name="limit"/> is
    /// used: a last word that would cross it is loaded so that it ends there instead, and mask bits past it are dropped.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ScanSegment(ReadOnlySpan<byte> data, int start, int limit, byte separator, byte terminator, ref int count)
    {
        ref var origin = ref MemoryMarshal.GetReference(data);
        ref var ends = ref Unsafe.As<ElementEnds, int>(ref _ends);
        var n = count;
        var i = start;
        if (Vector128.IsHardwareAccelerated && limit >= 64)
        {
            var key = separator | terminator << 8;
            var rel = i - _blockBase;
            var blockLength = _blockLength;
            if ((uint)rel >= (uint)blockLength || _blockKey != key)
            {
                blockLength = LoadBlock(ref origin, i, limit, separator, terminator);
                rel = i - _blockBase;
            }
            ref var separatorWords = ref Unsafe.As<ScanMasks, ulong>(ref _separatorMasks);
            ref var terminatorWords = ref Unsafe.As<ScanMasks, ulong>(ref _terminatorMasks);
            while (true)
            {
                var bit = rel & 63;
                var separators = Unsafe.Add(ref separatorWords, rel >> 6) >> bit;
                var terminators = Unsafe.Add(ref terminatorWords, rel >> 6) >> bit;
                var covered = 64 - bit;
                if (covered > limit - i)
                {
                    covered = limit - i;
                    var keep = (1UL << covered) - 1;
                    separators &= keep;
                    terminators &= keep;
                }
                if (terminators != 0)
                {
                    var t = BitOperations.TrailingZeroCount(terminators);
                    count = RecordSeparators(separators & ((1UL << t) - 1), i - start, ref ends, n);
                    return i + t;
                }
                n = RecordSeparators(separators, i - start, ref ends, n);
                i += covered;
                rel += covered;
                if (i >= limit) break;
                if (rel >= blockLength)
                {
                    blockLength = LoadBlock(ref origin, i, limit, separator, terminator);
                    rel = i - _blockBase;
                }
            }
            count = n;
            return -1;
        }
        for (; i < limit; i++)
        {
            var b = Unsafe.Add(ref origin, i);
            if (b == terminator)
            {
                count = n;
                return i;
            }
            if (b == separator)
            {
                if (n < IndexedElements) Unsafe.Add(ref ends, n) = i - start;
                n++;
            }
        }
        count = n;
        return -1;
    }

    /// <summary>
    /// Loads the masks of up to <see cref="ScanMasks.Words"/> 64-byte words from <paramref name="at"/> on, ending at or
    /// before <paramref name="limit"/> (at least 64); returns how many bytes they cover. When fewer than 64 bytes are
    /// left, the one word ends at <paramref name="limit"/> and so starts before <paramref name="at"/>.
    /// </summary>
    private int LoadBlock(ref byte origin, int at, int limit, byte separator, byte terminator)
    {
        // In sequence mode the block serves only the current scan (the data changes under the reader): one word at a time.
        var words = Math.Min(_isSequence ? 1 : ScanMasks.Words, (limit - at) >> 6);
        if (words == 0)
        {
            at = limit - 64;
            words = 1;
        }
        ref var separatorWords = ref Unsafe.As<ScanMasks, ulong>(ref _separatorMasks);
        ref var terminatorWords = ref Unsafe.As<ScanMasks, ulong>(ref _terminatorMasks);
        for (var w = 0; w < words; w++)
        {
            LoadMasks(ref origin, at + 64 * w, separator, terminator, out Unsafe.Add(ref separatorWords, w), out Unsafe.Add(ref terminatorWords, w));
        }
        // Touch the cache lines of a block a page further on, so that fetching them from memory overlaps with reading
        // the segments in between (a prefetch, without pointers).
        var ahead = at + TouchDistance;
        if (!_isSequence && ahead + 64 * ScanMasks.Words <= limit)
        {
            for (var k = 0; k < 64 * ScanMasks.Words; k += 64) Volatile.Read(ref Unsafe.Add(ref origin, ahead + k));
        }
        _blockBase = at;
        _blockKey = separator | terminator << 8;
        _blockLength = _isSequence ? 0 : words * 64;
        return words * 64;
    }

    /// <summary>Bit k of the masks is set when the byte at <paramref name="at"/> + k (k &lt; 64) is the separator or the terminator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadMasks(ref byte origin, int at, byte separator, byte terminator, out ulong separators, out ulong terminators)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref origin, (nuint)at);
            separators = Vector512.Equals(v, Vector512.Create(separator)).ExtractMostSignificantBits();
            terminators = Vector512.Equals(v, Vector512.Create(terminator)).ExtractMostSignificantBits();
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var v0 = Vector256.LoadUnsafe(ref origin, (nuint)at);
            var v1 = Vector256.LoadUnsafe(ref origin, (nuint)at + 32);
            var sep = Vector256.Create(separator);
            var term = Vector256.Create(terminator);
            separators = Vector256.Equals(v0, sep).ExtractMostSignificantBits() | (ulong)Vector256.Equals(v1, sep).ExtractMostSignificantBits() << 32;
            terminators = Vector256.Equals(v0, term).ExtractMostSignificantBits() | (ulong)Vector256.Equals(v1, term).ExtractMostSignificantBits() << 32;
        }
        else
        {
            var sep = Vector128.Create(separator);
            var term = Vector128.Create(terminator);
            separators = 0;
            terminators = 0;
            for (var k = 0; k < 4; k++)
            {
                var v = Vector128.LoadUnsafe(ref origin, (nuint)(at + 16 * k));
                separators |= (ulong)Vector128.Equals(v, sep).ExtractMostSignificantBits() << (16 * k);
                terminators |= (ulong)Vector128.Equals(v, term).ExtractMostSignificantBits() << (16 * k);
            }
        }
    }

    /// <summary>Records the separators of a mask (bit k is the byte at <paramref name="offset"/> + k) as element ends; returns the new count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RecordSeparators(ulong mask, int offset, ref int ends, int n)
    {
        var total = n + BitOperations.PopCount(mask);
        if (total <= IndexedElements - 8)
        {
            // Eight ends are written whether or not the mask has that many bits, without a branch per bit: slots past
            // the count get junk that is never read (the count says where the ends stop).
            ref var slot = ref Unsafe.Add(ref ends, n);
            slot = offset + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            Unsafe.Add(ref slot, 1) = offset + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            Unsafe.Add(ref slot, 2) = offset + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            Unsafe.Add(ref slot, 3) = offset + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            if (total - n > 4)
            {
                Unsafe.Add(ref slot, 4) = offset + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                Unsafe.Add(ref slot, 5) = offset + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                Unsafe.Add(ref slot, 6) = offset + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                Unsafe.Add(ref slot, 7) = offset + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                n += 8;
                while (mask != 0)
                {
                    Unsafe.Add(ref ends, n++) = offset + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                }
            }
            return total;
        }
        while (mask != 0)
        {
            if (n < IndexedElements) Unsafe.Add(ref ends, n) = offset + BitOperations.TrailingZeroCount(mask);
            n++;
            mask &= mask - 1;
        }
        return n;
    }

    private static int ScanSegmentMultiByte(ReadOnlySpan<byte> data, int start, int limit, X12Delimiters delimiters, ref ElementEnds ends, ref int count)
    {
        var n = delimiters.ElementSeparatorLength;
        for (var i = start; i < limit; i++)
        {
            var b = data[i];
            if (b == delimiters.Segment) return i;
            if (b == delimiters.Element && delimiters.IsSeparatorAt(data, i, start))
            {
                if (count < IndexedElements) ends[count] = i - n + 1 - start;
                count++;
            }
        }
        return -1;
    }

    private bool SkipOversizedSegment()
    {
        var at = _data[_pos..].IndexOf(_state.Delimiters.Segment);
        if (at >= 0)
        {
            _pos += at + 1;
            _state.Mode = ReaderMode.Segments;
            return true;
        }
        _pos = _data.Length;
        if (_dataIsFinal)
        {
            _state.Mode = ReaderMode.Segments;
            EndOfData();
        }
        return false;
    }

    private SegmentResult EndOfData()
    {
        if (!_dataIsFinal) return SegmentResult.Exhausted;
        if (!_state.Finished)
        {
            _state.Finished = true;
            CloseOpenEnvelopes(_dataBase + _data.Length, "the end of the input");
            if (!_state.SawData)
            {
                Report(DiagnosticCodes.NoX12Data, DiagnosticSeverity.Error, "The input holds no X12 segments.", 0, -1, default, 0);
            }
        }
        return SegmentResult.Exhausted;
    }

    // ---- Outside interchanges: prose, junk, ISA, and headerless input --------------------------------------------

    private bool SeekInterchange(out bool readIsa)
    {
        readIsa = false;
        ClearClosedControls();
        var data = _data;
        var pos = _pos;
        // A UTF-8 byte order mark and whitespace are not junk.
        if (!_state.SawData && _dataBase + pos == 0 && data.Length - pos >= 3 && data[pos] == 0xEF && data[pos + 1] == 0xBB && data[pos + 2] == 0xBF) pos += 3;
        while (pos < data.Length && data[pos] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t' or 0 or 0x1A) pos++;
        _pos = pos;
        if (pos == data.Length)
        {
            EndOfData();
            return false;
        }

        var rest = data[pos..];
        if (rest.StartsWith(Isa))
        {
            var result = ReadIsa();
            if (result == IsaResult.Read)
            {
                readIsa = true;
                return true;
            }
            if (result == IsaResult.NeedMoreData) return false;
            return true; // malformed: ReadIsa skipped past it; keep seeking
        }

        if (!_state.SawData && !_state.JunkReported && !_state.SawInterchange)
        {
            var headerless = TryInferDelimiters(rest, out var delimiters);
            if (headerless == InferResult.NeedMoreData) return false;
            if (headerless == InferResult.Inferred)
            {
                _state.Delimiters = delimiters;
                _state.Headerless = true;
                _state.SawData = true;
                _state.Mode = ReaderMode.Segments;
                Report(DiagnosticCodes.MissingInterchangeHeader, DiagnosticSeverity.Error,
                    "The input has no ISA interchange header; it was read with delimiters inferred from its first segments.",
                    _dataBase + pos, 0, rest[..2], 0);
                Report(DiagnosticCodes.DelimitersInferred, DiagnosticSeverity.Warning,
                    $"Delimiters inferred: {delimiters}.", _dataBase + pos, 0, default, 0);
                return true;
            }
        }

        var next = rest.IndexOf(Isa);
        var junkEnd = next >= 0 ? pos + next : (_dataIsFinal ? data.Length : Math.Max(pos, data.Length - 2));
        if (junkEnd > pos) ReportJunk(pos);
        _pos = junkEnd;
        if (next < 0 && _dataIsFinal)
        {
            EndOfData();
            return false;
        }
        return next >= 0;
    }

    private void ReportJunk(int pos)
    {
        if (_state.JunkReported) return;
        _state.JunkReported = true;
        if (_state.SawInterchange)
        {
            Report(DiagnosticCodes.TextAfterInterchange, DiagnosticSeverity.Warning,
                "Text after the interchange trailer (IEA) that does not start a new interchange was skipped.", _dataBase + pos, -1, default, 0);
        }
        else
        {
            Report(DiagnosticCodes.TextBeforeInterchange, DiagnosticSeverity.Warning,
                "Text before the first ISA was skipped.", _dataBase + pos, -1, default, 0);
        }
    }

    private enum InferResult : byte
    {
        NotX12,
        Inferred,
        NeedMoreData,
    }

    private InferResult TryInferDelimiters(ReadOnlySpan<byte> rest, out X12Delimiters delimiters)
    {
        delimiters = default;
        // A headerless input starts with GS or ST followed by its element separator.
        if (rest.Length < 3) return _dataIsFinal ? InferResult.NotX12 : InferResult.NeedMoreData;
        if (!(rest.StartsWith("ST"u8) || rest.StartsWith("GS"u8))) return InferResult.NotX12;
        var element = rest[2];
        if (X12Span.IsAlphanumeric(element) || IsBlank(element)) return InferResult.NotX12;

        // The terminator is the first byte that could be one and is followed by another segment identifier.
        var window = rest[..Math.Min(rest.Length, 4096)];
        for (var i = 3; i < window.Length; i++)
        {
            var b = window[i];
            if (b == element || X12Span.IsAlphanumeric(b) || b is (byte)' ' or (byte)'-' or (byte)'.' or (byte)',' or (byte)'/' or (byte)'(' or (byte)')' or (byte)'&' or (byte)'#') continue;
            var j = i + 1;
            while (j < window.Length && window[j] is (byte)'\r' or (byte)'\n') j++;
            if (j + 4 > window.Length)
            {
                if (!_dataIsFinal && window.Length == rest.Length) return InferResult.NeedMoreData;
                if (j < window.Length) continue;
                delimiters = new X12Delimiters(element, (byte)':', b);
                return InferResult.Inferred;
            }
            var id = 0;
            while (id < 3 && X12Span.IsAlphanumeric(window[j + id])) id++;
            if (id < 2 || window[j + id] != element) continue;
            delimiters = new X12Delimiters(element, InferComponentSeparator(window, element, b), b);
            return InferResult.Inferred;
        }
        return !_dataIsFinal && window.Length == rest.Length ? InferResult.NeedMoreData : InferResult.NotX12;
    }

    private static byte InferComponentSeparator(ReadOnlySpan<byte> window, byte element, byte terminator)
    {
        // Procedure composites (SVC01 "HC:99213") show the component separator; ':' is the usual default.
        Span<byte> pattern = [(byte)'S', (byte)'V', (byte)'C', element, (byte)'H', (byte)'C'];
        var at = window.IndexOf(pattern);
        if (at >= 0 && at + pattern.Length < window.Length)
        {
            var c = window[at + pattern.Length];
            if (c != element && c != terminator && !X12Span.IsAlphanumeric(c) && c > (byte)' ') return c;
        }
        return (byte)':';
    }

    /// <summary>
    /// Bytes that cannot be a delimiter: space, tab, CR, LF and NUL (whitespace between segments). Any other
    /// non-alphanumeric byte can, control characters included: PBM and clearinghouse 835s use 0x1D, 0x1F and 0x1E.
    /// </summary>
    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0;

    private enum IsaResult : byte
    {
        Read,
        NeedMoreData,
        Malformed,
    }

    private IsaResult ReadIsa()
    {
        var data = _data;
        var start = _pos;
        var available = data.Length - start;
        if (available < 4) return _dataIsFinal ? MalformedIsa(start, "The ISA segment is truncated.") : IsaResult.NeedMoreData;

        // The element separator is the character after "ISA": one byte, or a UTF-8 sequence such as "Ö".
        var first = data[start + 3];
        var separatorLength = first switch
        {
            >= 0xF0 and < 0xF5 => 4,
            >= 0xE0 and < 0xF0 => 3,
            >= 0xC2 and < 0xE0 => 2,
            _ => 1,
        };
        if (X12Span.IsAlphanumeric(first) || IsBlank(first))
        {
            return MalformedIsa(start, "The byte after ISA is not a valid element separator.");
        }
        if (available < 3 + separatorLength) return _dataIsFinal ? MalformedIsa(start, "The ISA segment is truncated.") : IsaResult.NeedMoreData;
        var separator = data.Slice(start + 3, separatorLength);
        var elementByte = separator[^1];
        var delimitersForScan = X12Delimiters.WithElementSeparator(separator, 0, 0);

        // Find the 16 element separators; ISA16 follows the last, the terminator follows ISA16.
        Span<int> separatorAt = stackalloc int[16];
        var found = 0;
        var bound = Math.Min(data.Length, start + MaxIsaLength);
        for (var i = start + 3 + separatorLength - 1; i < bound && found < 16; i++)
        {
            var b = data[i];
            if (b == elementByte && delimitersForScan.IsSeparatorAt(data, i, start + 3))
            {
                separatorAt[found++] = i - separatorLength + 1;
            }
            else if (b is (byte)'\r' or (byte)'\n' && found < 16)
            {
                return MalformedIsa(start, $"The ISA segment ends after {found} of its 16 elements.");
            }
        }
        if (found < 16)
        {
            if (bound == data.Length && !_dataIsFinal && data.Length - start < MaxIsaLength) return IsaResult.NeedMoreData;
            return MalformedIsa(start, $"The ISA segment has only {found} of its 16 elements.");
        }

        var isa16 = separatorAt[15] + separatorLength;
        if (isa16 + 1 >= data.Length) return _dataIsFinal ? MalformedIsa(start, "The ISA segment has no segment terminator.") : IsaResult.NeedMoreData;
        var component = data[isa16];
        var terminator = data[isa16 + 1];
        if (X12Span.IsAlphanumeric(component) || component == elementByte || component == (byte)' ')
        {
            return MalformedIsa(start, "ISA16 is not a valid component separator.");
        }
        if (X12Span.IsAlphanumeric(terminator) || terminator == elementByte || terminator == component || terminator == (byte)' ')
        {
            return MalformedIsa(start, "The byte after ISA16 is not a valid segment terminator.");
        }

        var consumedEnd = isa16 + 2;
        if (terminator is (byte)'\r' or (byte)'\n')
        {
            // Some senders write "ISA...^" LF "~GS...": a line break, then the real terminator before every segment.
            var j = isa16 + 1;
            while (j < data.Length && data[j] is (byte)'\r' or (byte)'\n') j++;
            if (j + 1 >= data.Length && !_dataIsFinal) return IsaResult.NeedMoreData;
            if (j + 1 < data.Length)
            {
                var candidate = data[j];
                if (candidate > (byte)' ' && !X12Span.IsAlphanumeric(candidate) && candidate != elementByte && candidate != component
                    && X12Span.IsAlphanumeric(data[j + 1]))
                {
                    terminator = candidate;
                    consumedEnd = j + 1;
                }
            }
        }

        // Split the ISA into elements.
        var length = isa16 + 1 - start;
        for (var k = 0; k < 16; k++) _ends[k] = separatorAt[k] - start;
        _ends[16] = length;
        var segment = data.Slice(start, length);

        // ISA11 is the repetition separator from version 00402 on.
        var isa11 = segment[(_ends[10] + separatorLength).._ends[11]];
        var isa12 = segment[(_ends[11] + separatorLength).._ends[12]];
        byte repetition = 0;
        if (isa11.Length == 1 && !X12Span.IsAlphanumeric(isa11[0]) && isa12.Length == 5 && isa12.SequenceCompareTo("00402"u8) >= 0
            && isa11[0] != elementByte && isa11[0] != component && isa11[0] != terminator)
        {
            repetition = isa11[0];
        }

        if (_state.InInterchange || _state.Headerless)
        {
            CloseOpenEnvelopes(_dataBase + start, "the next ISA");
        }

        _state.Delimiters = X12Delimiters.WithElementSeparator(separator, component, terminator, repetition);
        _state.Mode = ReaderMode.Segments;
        _state.SawInterchange = true;
        _state.SawData = true;
        _state.JunkReported = false;
        _state.Headerless = false;
        _segment = segment;
        _elementCount = 17;
        _segmentOffset = _dataBase + start;
        _segmentIndex = _state.Statistics.Segments++;
        _pos = consumedEnd;

        if (!_state.Options.SkipEnvelopeValidation)
        {
            CheckIsaForm(segment, separatorLength);
        }
        _state.InInterchange = true;
        _state.GroupsInInterchange = 0;
        _state.InterchangeControl.Set(segment[(_ends[12] + separatorLength).._ends[13]].Trim((byte)' '));
        _state.Statistics.Interchanges++;
        return IsaResult.Read;
    }

    private void CheckIsaForm(ReadOnlySpan<byte> segment, int separatorLength)
    {
        for (var k = 0; k < 16; k++)
        {
            var width = _ends[k + 1] - (_ends[k] + separatorLength);
            if (width != IsaWidths[k])
            {
                Report(DiagnosticCodes.IsaFieldWidth, DiagnosticSeverity.Warning,
                    $"ISA{k + 1:00} is {width} characters wide where the standard fixes {IsaWidths[k]}; the interchange was read by its separators.",
                    _segmentOffset, _segmentIndex, "ISA"u8, k + 1);
                break;
            }
        }
        var isa13 = segment[(_ends[12] + separatorLength).._ends[13]];
        foreach (var b in isa13)
        {
            if ((uint)(b - '0') > 9)
            {
                Report(DiagnosticCodes.IsaElementForm, DiagnosticSeverity.Warning,
                    "ISA13 (interchange control number) is not numeric.", _segmentOffset, _segmentIndex, "ISA"u8, 13, isa13);
                break;
            }
        }
    }

    private IsaResult MalformedIsa(int start, string message)
    {
        Report(DiagnosticCodes.MalformedIsa, DiagnosticSeverity.Error, message + " The interchange could not be read; reading resumes at the next ISA.",
            _dataBase + start, _state.Statistics.Segments, "ISA"u8, 0);
        if (_state.InInterchange || _state.Headerless) CloseOpenEnvelopes(_dataBase + start, "a malformed ISA");
        _state.Statistics.Segments++;
        _state.SawData = true;
        _state.Headerless = false;
        _state.Mode = ReaderMode.Seeking;
        // Skip the broken header; what follows until the next ISA belongs to the unreadable interchange.
        _state.JunkReported = true;
        _pos = start + 3;
        return IsaResult.Malformed;
    }

    // ---- Envelopes ---------------------------------------------------------------------------------------------

    private void TrackEnvelope(ReadOnlySpan<byte> id)
    {
        ref var s = ref _state;
        // Fast path: an ordinary segment inside a transaction set, with no envelope closed by the previous segment.
        if (s.InTransaction && !(s.TransactionControlClosedPending | s.InterchangeClosedPending) && !IsEnvelopeId(id))
        {
            s.SegmentsInTransaction++;
            return;
        }
        TrackAnyEnvelope(id);
    }

    /// <summary>True for ST, SE, GS, GE and IEA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsEnvelopeId(ReadOnlySpan<byte> id) => id.Length == 2
        ? id[0] switch
        {
            (byte)'S' => id[1] is (byte)'T' or (byte)'E',
            (byte)'G' => id[1] is (byte)'S' or (byte)'E',
            _ => false,
        }
        : id[0] == (byte)'I' && id[1] == (byte)'E' && id[2] == (byte)'A';

    private void TrackAnyEnvelope(ReadOnlySpan<byte> id)
    {
        ClearClosedControls();
        ref var s = ref _state;
        if (id.Length == 2)
        {
            if (id[0] == (byte)'S')
            {
                if (id[1] == (byte)'T') { OnTransactionHeader(); return; }
                if (id[1] == (byte)'E') { OnTransactionTrailer(); return; }
            }
            else if (id[0] == (byte)'G')
            {
                if (id[1] == (byte)'S') { OnGroupHeader(); return; }
                if (id[1] == (byte)'E') { OnGroupTrailer(); return; }
            }
        }
        else if (id[0] == (byte)'I' && id[1] == (byte)'E' && id[2] == (byte)'A')
        {
            OnInterchangeTrailer();
            return;
        }

        if (s.InTransaction)
        {
            s.SegmentsInTransaction++;
            return;
        }
        if (s.Headerless) return;
        if (!s.InInterchange)
        {
            Report(DiagnosticCodes.MissingInterchangeHeader, DiagnosticSeverity.Error, "Segment outside an ISA/IEA interchange.", _segmentOffset, _segmentIndex, id, 0);
        }
        else if (!(id.Length == 3 && id.SequenceEqual("TA1"u8)))
        {
            Report(DiagnosticCodes.SegmentOutsideTransaction, DiagnosticSeverity.Error, "Segment outside an ST/SE transaction set.", _segmentOffset, _segmentIndex, id, 0);
        }
    }

    private void OnGroupHeader()
    {
        ref var s = ref _state;
        if (s.InTransaction) CloseTransaction(_segmentOffset, "GS");
        if (s.InGroup) CloseGroup(_segmentOffset, "GS");
        if (!s.InInterchange && !s.Headerless)
        {
            Report(DiagnosticCodes.MissingInterchangeHeader, DiagnosticSeverity.Error, "Functional group (GS) outside an ISA/IEA interchange.", _segmentOffset, _segmentIndex, "GS"u8, 0);
        }
        s.InGroup = true;
        s.TransactionsInGroup = 0;
        s.GroupsInInterchange++;
        s.GroupControl.Set(Segment[6]);
        s.FunctionalIdentifier.Set(Segment[1]);
        s.Statistics.FunctionalGroups++;
    }

    private void OnGroupTrailer()
    {
        ref var s = ref _state;
        if (s.InTransaction) CloseTransaction(_segmentOffset, "GE");
        if (!s.InGroup)
        {
            Report(DiagnosticCodes.UnexpectedTrailer, DiagnosticSeverity.Error, "GE without a matching GS.", _segmentOffset, _segmentIndex, "GE"u8, 0);
            return;
        }
        var segment = Segment;
        if (!segment.TryGetInt32(1, out var count))
        {
            Report(DiagnosticCodes.InvalidEnvelopeElement, DiagnosticSeverity.Error, "GE01 (number of transaction sets) is missing or not numeric.", _segmentOffset, _segmentIndex, "GE"u8, 1, segment[1]);
        }
        else if (count != s.TransactionsInGroup)
        {
            Report(DiagnosticCodes.GroupTransactionCountMismatch, DiagnosticSeverity.Error,
                $"GE01 says {count} transaction sets; the group holds {s.TransactionsInGroup}.", _segmentOffset, _segmentIndex, "GE"u8, 1);
        }
        if (!s.GroupControl.Matches(segment[2]))
        {
            Report(DiagnosticCodes.GroupControlNumberMismatch, DiagnosticSeverity.Error, "GE02 does not match GS06.", _segmentOffset, _segmentIndex, "GE"u8, 2, segment[2]);
        }
        s.InGroup = false;
        s.GroupControl.Clear();
    }

    private void OnTransactionHeader()
    {
        ref var s = ref _state;
        if (s.InTransaction) CloseTransaction(_segmentOffset, "ST");
        if (!s.InGroup && !s.Headerless)
        {
            Report(DiagnosticCodes.MissingGroupHeader, DiagnosticSeverity.Error, "Transaction set (ST) outside a GS/GE functional group.", _segmentOffset, _segmentIndex, "ST"u8, 0);
        }
        var segment = Segment;
        s.InTransaction = true;
        s.SegmentsInTransaction = 1;
        s.TransactionsInGroup++;
        s.TransactionSetId.Set(segment[1]);
        s.TransactionControl.Set(segment[2]);
        s.Statistics.Transactions++;
        if (segment[1].SequenceEqual("835"u8)) s.Statistics.Transactions835++;
        if (s.InGroup && ExpectedFunctionalIdentifier(segment[1]) is { } expected && !s.FunctionalIdentifier.Matches(expected))
        {
            Report(DiagnosticCodes.FunctionalIdentifierMismatch, DiagnosticSeverity.Error,
                $"The functional group identifier (GS01) does not fit transaction set {System.Text.Encoding.Latin1.GetString(segment[1])}, which belongs in a group {System.Text.Encoding.Latin1.GetString(expected)}.",
                _segmentOffset, _segmentIndex, "ST"u8, 1);
        }
    }

    private static ReadOnlySpan<byte> ExpectedFunctionalIdentifier(ReadOnlySpan<byte> transactionSet)
    {
        // GS01 codes of the transaction sets that travel with 835s.
        if (transactionSet.SequenceEqual("835"u8)) return "HP"u8;
        if (transactionSet.SequenceEqual("837"u8)) return "HC"u8;
        if (transactionSet.SequenceEqual("999"u8) || transactionSet.SequenceEqual("997"u8)) return "FA"u8;
        if (transactionSet.SequenceEqual("277"u8)) return "HN"u8;
        if (transactionSet.SequenceEqual("276"u8)) return "HR"u8;
        if (transactionSet.SequenceEqual("270"u8)) return "HS"u8;
        if (transactionSet.SequenceEqual("271"u8)) return "HB"u8;
        if (transactionSet.SequenceEqual("278"u8)) return "HI"u8;
        if (transactionSet.SequenceEqual("834"u8)) return "BE"u8;
        if (transactionSet.SequenceEqual("820"u8)) return "RA"u8;
        return default;
    }

    private void OnTransactionTrailer()
    {
        ref var s = ref _state;
        if (!s.InTransaction)
        {
            Report(DiagnosticCodes.UnexpectedTrailer, DiagnosticSeverity.Error, "SE without a matching ST.", _segmentOffset, _segmentIndex, "SE"u8, 0);
            return;
        }
        s.SegmentsInTransaction++;
        var segment = Segment;
        if (!segment.TryGetInt32(1, out var count))
        {
            Report(DiagnosticCodes.InvalidEnvelopeElement, DiagnosticSeverity.Error, "SE01 (number of included segments) is missing or not numeric.", _segmentOffset, _segmentIndex, "SE"u8, 1, segment[1]);
        }
        else if (count != s.SegmentsInTransaction)
        {
            Report(DiagnosticCodes.TransactionSegmentCountMismatch, DiagnosticSeverity.Error,
                $"SE01 says {count} segments; the transaction set holds {s.SegmentsInTransaction} from ST to SE.", _segmentOffset, _segmentIndex, "SE"u8, 1);
        }
        if (!s.TransactionControl.Matches(segment[2]))
        {
            Report(DiagnosticCodes.TransactionControlNumberMismatch, DiagnosticSeverity.Error, "SE02 does not match ST02.", _segmentOffset, _segmentIndex, "SE"u8, 2, segment[2]);
        }
        // The transaction stays current for the SE itself; it is closed when the next segment starts.
        s.TransactionControlClosedPending = true;
    }

    private void OnInterchangeTrailer()
    {
        ref var s = ref _state;
        if (s.InTransaction) CloseTransaction(_segmentOffset, "IEA");
        if (s.InGroup) CloseGroup(_segmentOffset, "IEA");
        if (!s.InInterchange)
        {
            Report(DiagnosticCodes.UnexpectedTrailer, DiagnosticSeverity.Error, "IEA without a matching ISA.", _segmentOffset, _segmentIndex, "IEA"u8, 0);
        }
        else
        {
            var segment = Segment;
            if (!segment.TryGetInt32(1, out var count))
            {
                Report(DiagnosticCodes.InvalidEnvelopeElement, DiagnosticSeverity.Error, "IEA01 (number of functional groups) is missing or not numeric.", _segmentOffset, _segmentIndex, "IEA"u8, 1, segment[1]);
            }
            else if (count != s.GroupsInInterchange)
            {
                Report(DiagnosticCodes.InterchangeGroupCountMismatch, DiagnosticSeverity.Error,
                    $"IEA01 says {count} functional groups; the interchange holds {s.GroupsInInterchange}.", _segmentOffset, _segmentIndex, "IEA"u8, 1);
            }
            if (!s.InterchangeControl.Matches(segment[2].Trim((byte)' ')))
            {
                Report(DiagnosticCodes.InterchangeControlNumberMismatch, DiagnosticSeverity.Error, "IEA02 does not match ISA13.", _segmentOffset, _segmentIndex, "IEA"u8, 2, segment[2]);
            }
        }
        s.InInterchange = false;
        s.Headerless = false;
        s.Mode = ReaderMode.Seeking;
        s.InterchangeClosedPending = true;
    }

    private void CloseTransaction(long offset, string before)
    {
        Report(DiagnosticCodes.MissingTransactionTrailer, DiagnosticSeverity.Error, $"Transaction set not closed by SE before {before}.", offset, _segmentIndex, default, 0);
        _state.InTransaction = false;
        _state.TransactionControl.Clear();
        _state.TransactionSetId.Clear();
    }

    private void CloseGroup(long offset, string before)
    {
        Report(DiagnosticCodes.MissingGroupTrailer, DiagnosticSeverity.Error, $"Functional group not closed by GE before {before}.", offset, _segmentIndex, default, 0);
        _state.InGroup = false;
        _state.GroupControl.Clear();
    }

    private void CloseOpenEnvelopes(long offset, string before)
    {
        ClearClosedControls();
        if (_state.Options.SkipEnvelopeValidation)
        {
            // Trailers are not tracked in this mode, so an open envelope is no finding.
            _state.InTransaction = _state.InGroup = _state.InInterchange = _state.Headerless = false;
            _state.InterchangeControl.Clear();
            return;
        }
        if (_state.InTransaction) CloseTransaction(offset, before);
        if (_state.InGroup) CloseGroup(offset, before);
        if (_state.InInterchange)
        {
            Report(DiagnosticCodes.MissingInterchangeTrailer, DiagnosticSeverity.Error, $"Interchange not closed by IEA before {before}.", offset, _segmentIndex, default, 0);
            _state.InInterchange = false;
        }
        _state.InterchangeControl.Clear();
        _state.Headerless = false;
    }

    private void ClearClosedControls()
    {
        if (_state.TransactionControlClosedPending)
        {
            _state.InTransaction = false;
            _state.TransactionControl.Clear();
            _state.TransactionSetId.Clear();
            _state.TransactionControlClosedPending = false;
        }
        if (_state.InterchangeClosedPending)
        {
            _state.InterchangeControl.Clear();
            _state.InterchangeClosedPending = false;
        }
    }

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

/// <summary>Separator or terminator masks of a scan block, one bit per byte, kept inline in the reader.</summary>
[InlineArray(Words)]
internal struct ScanMasks
{
    public const int Words = 8;
    private ulong _first;
}

/// <summary>End offsets of the indexed elements of a segment, kept inline in the reader.</summary>
[InlineArray(X12Reader.IndexedElements)]
internal struct ElementEnds
{
    private int _first;
}
