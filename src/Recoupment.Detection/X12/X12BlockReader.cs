using System.Buffers;
using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.X12;

/// <summary>
/// Pulls an input block by block into one bounded, pooled buffer and runs <see cref="X12Reader"/> over each block,
/// handing whole segments to a handler. The building block of every streaming reader here: memory stays bounded by
/// the buffer size and the maximum segment length, whatever the size of the input.
/// </summary>
public sealed class X12BlockReader : IDisposable
{
    private readonly Stream _stream;
    private byte[]? _buffer;
    private int _filled;
    private X12ReaderState _state;
    private readonly X12RecordFraming _framing = new();

    /// <summary>Creates a block reader over a stream.</summary>
    /// <param name="stream">The input; read to its end, not disposed.</param>
    /// <param name="state">The reader state to start from (options, diagnostics sink, file name).</param>
    /// <param name="bufferSize">Initial buffer size; it grows only for a segment longer than the buffer, up to about twice the maximum segment length.</param>
    public X12BlockReader(Stream stream, X12ReaderState state = default, int bufferSize = X12StreamReader.DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _state = state;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 256));
    }

    /// <summary>The reader state after the blocks read so far (counts, delimiters).</summary>
    public X12ReaderState State => _state;

    /// <summary>True once the whole input was read.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Reads the next block and hands its whole segments to <paramref name="handler"/>.</summary>
    /// <returns>False once the input is exhausted (its last segments were handed over in this call).</returns>
    public async ValueTask<bool> ReadBlockAsync<THandler>(THandler handler, CancellationToken cancellationToken = default)
        where THandler : IX12SegmentHandler
    {
        if (IsCompleted) return false;
        var buffer = PrepareBuffer();
        var read = await _stream.ReadAsync(buffer.AsMemory(_filled), cancellationToken).ConfigureAwait(false);
        return Process(read, handler);
    }

    /// <summary>Reads the next block synchronously and hands its whole segments to <paramref name="handler"/>.</summary>
    /// <returns>False once the input is exhausted.</returns>
    public bool ReadBlock<THandler>(THandler handler)
        where THandler : IX12SegmentHandler
    {
        if (IsCompleted) return false;
        var buffer = PrepareBuffer();
        var read = _stream.Read(buffer, _filled, buffer.Length - _filled);
        return Process(read, handler);
    }

    private byte[] PrepareBuffer()
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(X12BlockReader));
        if (_filled == buffer.Length)
        {
            // Only a segment longer than the buffer gets here; the reader gives up on segments past the maximum
            // length, so the buffer never grows beyond about twice that.
            var limit = (_state.Options.MaxSegmentLength + 1024) * 2;
            if (buffer.Length >= limit) throw new InvalidOperationException("The X12 reader made no progress within its buffer bound.");
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
            Buffer.BlockCopy(buffer, 0, bigger, 0, _filled);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = buffer = bigger;
        }
        return buffer;
    }

    private bool Process<THandler>(int read, THandler handler)
        where THandler : IX12SegmentHandler
    {
        var buffer = _buffer!;
        var fresh = _filled;
        _filled += read;
        var isFinal = read == 0;
        if (!_framing.IsDecided)
        {
            // Fixed-length wrapping is decided from the start of the input, before the reader sees any of it.
            if (!_framing.TryDecide(buffer.AsSpan(0, _filled), isFinal, buffer.Length)) return true;
            fresh = 0;
            if (_framing.IsUnwrapping) ReportFraming(DiagnosticCodes.FixedLengthRecords,
                $"The input is wrapped into records of {_framing.RecordLength} bytes ({_framing.BreakName} after each); it was read as if unwrapped. Byte offsets count the unwrapped text.", 0);
        }
        if (_framing.IsUnwrapping && _filled > fresh)
        {
            var kept = _framing.Unwrap(buffer.AsSpan(fresh, _filled - fresh), out var stoppedAt);
            if (stoppedAt >= 0) ReportFraming(DiagnosticCodes.FixedLengthRecordsEnded,
                "The fixed-length wrapping stopped being regular here; the rest of the input was read as it is.", _state.BytesConsumedTotal + fresh + stoppedAt);
            _filled = fresh + kept;
        }
        var reader = new X12Reader(buffer.AsSpan(0, _filled), isFinal, _state);
        while (reader.Read()) handler.OnSegment(ref reader);
        _state = reader.CurrentState;
        var consumed = (int)reader.BytesConsumed;
        var remaining = _filled - consumed;
        if (consumed > 0 && remaining > 0) Buffer.BlockCopy(buffer, consumed, buffer, 0, remaining);
        _filled = remaining;
        IsCompleted = isFinal;
        return !isFinal;
    }

    private void ReportFraming(string code, string message, long offset)
    {
        _state.Statistics.Warnings++;
        _state.Diagnostics?.Report(new Diagnostic(code, DiagnosticSeverity.Warning, message) { File = _state.FileName, ByteOffset = offset, SegmentIndex = -1 });
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
