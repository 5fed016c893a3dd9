using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.X12;

// Delimiter detection: each ISA declares its delimiters (any non-alphanumeric, non-blank byte); input without ISA gets them inferred.
public ref partial struct X12Reader
{
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
}
