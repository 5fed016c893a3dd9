namespace Recoupment.Detection.X12;

/// <summary>
/// Framing quirks below the tokenizer: files that passed through mainframe transmission come hard-wrapped, a line break
/// (CR LF, LF or CR) inserted every N bytes (usually 80), inside segments and even inside the ISA. This detects that at
/// the start of an input (every record of the first few kilobytes is exactly N bytes long and some break is not after a
/// segment terminator) and then removes the breaks as blocks stream through, so that the reader sees the file as if it
/// had never been wrapped. A file that merely has a line break after each terminator is never touched.
/// </summary>
internal sealed class X12RecordFraming
{
    /// <summary>The shortest record length taken for wrapping: shorter regular lines are not a transmission format.</summary>
    internal const int MinimumRecordLength = 40;

    /// <summary>How much of the input start the detection looks at.</summary>
    internal const int DetectionWindow = 4096;

    private const int IsaLength = 106;

    private bool _decided;
    private bool _wrapped;
    private int _recordLength;
    private byte _break0;
    private byte _break1;
    private int _breakLength;
    private int _inRecord;    // bytes of the current record passed through
    private int _inBreak;     // bytes of the current line break matched

    /// <summary>True once detection found the input wrapped (and unwrapping is still going on).</summary>
    public bool IsUnwrapping => _decided && _wrapped;

    /// <summary>True once detection decided, either way.</summary>
    public bool IsDecided => _decided;

    /// <summary>The record length found, or 0.</summary>
    public int RecordLength => _recordLength;

    /// <summary>The line break between records, for messages.</summary>
    public string BreakName => _breakLength == 2 ? "CR LF" : _break0 == (byte)'\r' ? "CR" : "LF";

    /// <summary>
    /// Decides from the start of the input whether it is wrapped. Returns false when more data is needed to decide
    /// (only while <paramref name="isFinal"/> is false and the window is not full).
    /// </summary>
    public bool TryDecide(ReadOnlySpan<byte> start, bool isFinal, int capacity)
    {
        if (_decided) return true;
        var enough = isFinal || start.Length >= Math.Min(DetectionWindow, capacity);
        var window = start[..Math.Min(start.Length, DetectionWindow)];
        var verdict = Detect(window, isFinal && start.Length <= DetectionWindow);
        if (verdict is null && !enough) return false;
        _decided = true;
        _wrapped = verdict == true;
        if (!_wrapped) _recordLength = 0;
        return true;
    }

    /// <summary>True (wrapped), false (not), or null (the window is too short to tell).</summary>
    private bool? Detect(ReadOnlySpan<byte> w, bool isWhole)
    {
        if (w.Length < 3) return isWhole ? false : null;
        if (!w.StartsWith("ISA"u8)) return false;
        var first = w.IndexOfAny((byte)'\r', (byte)'\n');
        if (first < 0) return isWhole || w.Length >= DetectionWindow ? false : null;
        if (first < MinimumRecordLength) return false;
        if (first + 1 >= w.Length) return isWhole ? false : null;
        _recordLength = first;
        _break0 = w[first];
        _breakLength = _break0 == (byte)'\r' && w[first + 1] == (byte)'\n' ? 2 : 1;
        _break1 = _breakLength == 2 ? (byte)'\n' : (byte)0;

        // Every whole record of the window is exactly the record length, followed by the same break.
        var stride = _recordLength + _breakLength;
        var records = 0;
        var pos = 0;
        while (pos + stride <= w.Length)
        {
            var record = w.Slice(pos, _recordLength);
            if (record.IndexOfAny((byte)'\r', (byte)'\n') >= 0 || !IsBreak(w.Slice(pos + _recordLength, _breakLength))) return false;
            records++;
            pos += stride;
        }
        var tail = w[pos..];
        var tailBreak = tail.IndexOfAny((byte)'\r', (byte)'\n');
        if (isWhole)
        {
            // The last record is shorter; it may end with a line break (and padding), nothing after it.
            if (tailBreak >= 0 && tail[tailBreak..].IndexOfAnyExcept((byte)'\r', (byte)'\n', (byte)' ') >= 0) return false;
        }
        else if (tailBreak >= 0 && tailBreak < _recordLength)
        {
            // A short record: the end of the input (decided once it is known), or irregular lines.
            return w.Length >= DetectionWindow ? false : null;
        }
        if (records < (isWhole ? 1 : 2)) return isWhole ? false : null;

        // Proof that the breaks are not segment ends: one falls inside the ISA (106 bytes), or one follows a byte that is
        // not the terminator the ISA declares.
        if (_recordLength < IsaLength) return true;
        var terminator = w[IsaLength - 1];
        for (var end = _recordLength - 1; end < pos; end += stride)
        {
            if (w[end] != terminator) return true;
        }
        return false;
    }

    private bool IsBreak(ReadOnlySpan<byte> b) => b[0] == _break0 && (_breakLength == 1 || b[1] == _break1);

    /// <summary>
    /// Removes the record breaks from <paramref name="block"/> in place (the next bytes of the input, in order) and
    /// returns the new length. A break missing where the regular wrapping puts one ends unwrapping for the rest of the
    /// input; <paramref name="stoppedAt"/> is then its position in the unwrapped block, else -1.
    /// </summary>
    public int Unwrap(Span<byte> block, out int stoppedAt)
    {
        stoppedAt = -1;
        if (!IsUnwrapping) return block.Length;
        var write = 0;
        var read = 0;
        while (read < block.Length)
        {
            if (_inRecord < _recordLength)
            {
                // Copy the rest of the record, or of the block.
                var n = Math.Min(_recordLength - _inRecord, block.Length - read);
                if (write != read) block.Slice(read, n).CopyTo(block[write..]);
                write += n;
                read += n;
                _inRecord += n;
                continue;
            }
            var expected = _inBreak == 0 ? _break0 : _break1;
            if (block[read] == expected)
            {
                read++;
                if (++_inBreak == _breakLength)
                {
                    _inBreak = 0;
                    _inRecord = 0;
                }
                continue;
            }
            // Irregular: not wrapped from here on (for instance padding or a shorter last record followed by more data).
            _wrapped = false;
            stoppedAt = write;
            var rest = block.Length - read;
            if (write != read) block.Slice(read, rest).CopyTo(block[write..]);
            return write + rest;
        }
        return write;
    }
}
