using System.Runtime.CompilerServices;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Era835;

/// <summary>Options of <see cref="Era835Reader"/>. Change them with <c>with</c>.</summary>
public readonly record struct Era835ReaderOptions
{
    /// <summary>The input's name, copied into items and diagnostics.</summary>
    public string? FileName { get; init; }
    /// <summary>Receives every diagnostic as it is found (they are also attached to each <see cref="RemittanceEnd"/>).</summary>
    public IDiagnosticSink? Diagnostics { get; init; }
    /// <summary>X12 reader options (maximum segment length, whether messages may quote values).</summary>
    public X12ReaderOptions X12 { get; init; }
    /// <summary>Read buffer size in bytes; 0 means the default of 64 KiB.</summary>
    public int BufferSize { get; init; }
}

/// <summary>
/// Reads 835 remittances one typed item at a time: <see cref="RemittanceHeader"/>, each <see cref="ClaimPayment"/>
/// with its service lines, each <see cref="ProviderAdjustmentSegment"/>, and the <see cref="RemittanceEnd"/>.
/// Memory stays bounded whatever the size of a transaction; other transaction sets in the input are skipped.
/// </summary>
public static class Era835Reader
{
    /// <summary>Streams the items of every 835 in <paramref name="stream"/>.</summary>
    public static async IAsyncEnumerable<RemittanceItem> ReadAsync(Stream stream, Era835ReaderOptions options = default,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var queue = new Queue<RemittanceItem>();
        var parser = new Era835Parser(queue.Enqueue, options.Diagnostics);
        using var blocks = new X12BlockReader(stream, new X12ReaderState(options.X12, parser.Sink, options.FileName), BufferSize(options));
        while (true)
        {
            var more = await blocks.ReadBlockAsync(parser, cancellationToken).ConfigureAwait(false);
            if (!more) parser.Complete(blocks.State.BytesConsumedTotal, blocks.State.Statistics.Segments);
            while (queue.TryDequeue(out var item)) yield return item;
            if (!more) yield break;
        }
    }

    /// <summary>Streams the items of every 835 in <paramref name="stream"/>, synchronously.</summary>
    public static IEnumerable<RemittanceItem> Read(Stream stream, Era835ReaderOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var queue = new Queue<RemittanceItem>();
        var parser = new Era835Parser(queue.Enqueue, options.Diagnostics);
        using var blocks = new X12BlockReader(stream, new X12ReaderState(options.X12, parser.Sink, options.FileName), BufferSize(options));
        while (true)
        {
            var more = blocks.ReadBlock(parser);
            if (!more) parser.Complete(blocks.State.BytesConsumedTotal, blocks.State.Statistics.Segments);
            while (queue.TryDequeue(out var item)) yield return item;
            if (!more) yield break;
        }
    }

    /// <summary>Streams the items of every 835 in an in-memory input.</summary>
    public static IEnumerable<RemittanceItem> Read(byte[] data, Era835ReaderOptions options = default) =>
        Read(new MemoryStream(data ?? throw new ArgumentNullException(nameof(data)), writable: false), options);

    /// <summary>Reads every 835 of a small input into whole <see cref="Remittance"/> objects.</summary>
    public static IReadOnlyList<Remittance> ReadRemittances(byte[] data, Era835ReaderOptions options = default) =>
        Collect(Read(data, options));

    /// <summary>Reads every 835 of a small file into whole <see cref="Remittance"/> objects.</summary>
    public static IReadOnlyList<Remittance> ReadRemittances(string path, Era835ReaderOptions options = default)
    {
        using var stream = File.OpenRead(path);
        return Collect(Read(stream, options.FileName is null ? options with { FileName = path } : options));
    }

    /// <summary>Gathers streamed items into whole remittances.</summary>
    public static IReadOnlyList<Remittance> Collect(IEnumerable<RemittanceItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = new List<Remittance>();
        var claims = new List<ClaimPayment>();
        var adjustments = new List<ProviderAdjustment>();
        foreach (var item in items)
        {
            switch (item)
            {
                case ClaimPayment claim:
                    claims.Add(claim);
                    break;
                case ProviderAdjustmentSegment plb:
                    adjustments.AddRange(plb.Adjustments);
                    break;
                case RemittanceEnd end:
                    result.Add(new Remittance { Header = end.Remittance, Claims = claims.ToArray(), ProviderAdjustments = adjustments.ToArray(), End = end });
                    claims.Clear();
                    adjustments.Clear();
                    break;
            }
        }
        return result;
    }

    private static int BufferSize(Era835ReaderOptions options) => options.BufferSize > 0 ? options.BufferSize : X12StreamReader.DefaultBufferSize;
}
