using System.Buffers;
using System.IO.Pipelines;

namespace Recoupment.Detection.X12;

/// <summary>Receives each segment of an input read by <see cref="X12StreamReader"/>.</summary>
public interface IX12SegmentHandler
{
    /// <summary>
    /// Called once per segment, in order. <paramref name="reader"/> is positioned on the segment
    /// (<see cref="X12Reader.Segment"/>); do not call <see cref="X12Reader.Read"/> on it.
    /// </summary>
    void OnSegment(ref X12Reader reader);
}

/// <summary>
/// Reads a <see cref="Stream"/> or <see cref="PipeReader"/> through <see cref="X12Reader"/> with a bounded, pooled
/// buffer and hands every segment to a handler. Memory stays bounded by the buffer size and the maximum segment
/// length, whatever the size of the input.
/// </summary>
public static class X12StreamReader
{
    /// <summary>The default read buffer size: 64 KiB.</summary>
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>Reads the whole stream, calling <paramref name="handler"/> for each segment.</summary>
    /// <returns>The final reader state (counts, delimiters of the last interchange).</returns>
    public static async ValueTask<X12ReaderState> ReadAsync<THandler>(Stream stream, THandler handler, X12ReaderState state = default,
        int bufferSize = DefaultBufferSize, CancellationToken cancellationToken = default)
        where THandler : IX12SegmentHandler
    {
        using var blocks = new X12BlockReader(stream, state, bufferSize);
        while (await blocks.ReadBlockAsync(handler, cancellationToken).ConfigureAwait(false))
        {
        }
        return blocks.State;
    }

    /// <summary>Reads the whole stream synchronously, calling <paramref name="handler"/> for each segment.</summary>
    /// <returns>The final reader state.</returns>
    public static X12ReaderState Read<THandler>(Stream stream, THandler handler, X12ReaderState state = default, int bufferSize = DefaultBufferSize)
        where THandler : IX12SegmentHandler
    {
        using var blocks = new X12BlockReader(stream, state, bufferSize);
        while (blocks.ReadBlock(handler))
        {
        }
        return blocks.State;
    }

    /// <summary>Reads a pipe to its end, calling <paramref name="handler"/> for each segment.</summary>
    /// <returns>The final reader state.</returns>
    public static async ValueTask<X12ReaderState> ReadAsync<THandler>(PipeReader pipe, THandler handler, X12ReaderState state = default,
        CancellationToken cancellationToken = default)
        where THandler : IX12SegmentHandler
    {
        ArgumentNullException.ThrowIfNull(pipe);
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var position = Process(buffer, result.IsCompleted, ref state, handler);
            if (result.IsCompleted)
            {
                pipe.AdvanceTo(buffer.End);
                return state;
            }
            pipe.AdvanceTo(position, buffer.End);
        }
    }

    /// <summary>Reads every segment of an in-memory input, calling <paramref name="handler"/> for each.</summary>
    public static X12ReaderState Read<THandler>(ReadOnlySpan<byte> data, THandler handler, X12ReaderState state = default)
        where THandler : IX12SegmentHandler
    {
        Process(data, true, ref state, handler);
        return state;
    }

    private static int Process<THandler>(ReadOnlySpan<byte> data, bool isFinal, ref X12ReaderState state, THandler handler)
        where THandler : IX12SegmentHandler
    {
        var reader = new X12Reader(data, isFinal, state);
        while (reader.Read()) handler.OnSegment(ref reader);
        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private static SequencePosition Process<THandler>(ReadOnlySequence<byte> data, bool isFinal, ref X12ReaderState state, THandler handler)
        where THandler : IX12SegmentHandler
    {
        var reader = new X12Reader(data, isFinal, state);
        while (reader.Read()) handler.OnSegment(ref reader);
        state = reader.CurrentState;
        return data.GetPosition(reader.BytesConsumed);
    }
}
