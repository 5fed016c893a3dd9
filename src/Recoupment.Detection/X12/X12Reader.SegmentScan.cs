using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.X12;

// The segment scan: finds each segment's terminator and element separators on bytes, a block of masks at a time.
public ref partial struct X12Reader
{
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

