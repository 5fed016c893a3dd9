using System.Collections.Concurrent;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Matching;

/// <summary>Progress of a scan, reported while files are read and remittances matched.</summary>
/// <param name="Stage">"Reading" or "Matching".</param>
/// <param name="Done">Files read, or remittances matched.</param>
/// <param name="Total">Files to read, or remittances to match.</param>
/// <param name="Bytes">Bytes read so far.</param>
public readonly record struct ScanProgress(string Stage, int Done, int Total, long Bytes);

/// <summary>What a scan read and found.</summary>
public sealed record ScanResult
{
    /// <summary>Every event, in processing order.</summary>
    public required IReadOnlyList<RecoupmentEvent> Events { get; init; }
    /// <summary>Files read.</summary>
    public int Files { get; init; }
    /// <summary>Bytes read.</summary>
    public long Bytes { get; init; }
    /// <summary>835 transactions matched (duplicates included).</summary>
    public int Remittances { get; init; }
    /// <summary>Claims read.</summary>
    public long Claims { get; init; }
    /// <summary>The date the run stands for: the latest payment date read.</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>Files that could not be read, or only in part, with why.</summary>
    public IReadOnlyList<Diagnostic> ReadErrors { get; init; } = [];
    /// <summary>Every reading and matching diagnostic.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>
/// Scans files end to end: reads every 835 (files in parallel, each streamed), orders the remittances by payment date
/// (R24) so that file arrival order does not matter, runs them through the engine, and closes what time closes as of
/// the latest payment date read.
/// </summary>
public sealed class RemittanceScanner
{
    private static readonly HashSet<string> UnreadableCodes =
    [
        DiagnosticCodes.NoX12Data, DiagnosticCodes.MalformedIsa, DiagnosticCodes.SegmentTooLong, DiagnosticCodes.TruncatedTransaction,
        // A claim or adjustment with an implausible amount was skipped: part of the file could not be taken in.
        DiagnosticCodes.ImplausibleAmount,
    ];

    // How often progress is reported: cheap enough for the scan, often enough for a smooth bar.
    private const long ProgressStepBytes = 1 << 20;
    private const int ProgressStepRemittances = 16;

    private readonly RecoupmentEngine _engine;
    private readonly Era835ReaderOptions _readerOptions;

    /// <summary>Creates a scanner.</summary>
    /// <param name="engine">The engine (and its ledger) to match with.</param>
    /// <param name="readerOptions">Options of the 835 reader (X12 limits, buffer size); file names are set per file.</param>
    public RemittanceScanner(RecoupmentEngine engine, Era835ReaderOptions readerOptions = default)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _readerOptions = readerOptions;
    }

    /// <summary>Reads and matches the files.</summary>
    /// <param name="files">Paths of the files to read.</param>
    /// <param name="progress">Receives progress, if given.</param>
    /// <param name="asOf">The date the run stands for; the latest payment date read when null.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public async Task<ScanResult> ScanAsync(IReadOnlyList<string> files, IProgress<ScanProgress>? progress = null, DateOnly? asOf = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var documents = new ConcurrentBag<RemittanceDocument>();
        var diagnostics = new ConcurrentQueue<Diagnostic>();
        var readErrors = new ConcurrentQueue<Diagnostic>();
        long bytes = 0;
        var read = 0;

        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (file, token) =>
            {
                var sink = new FileSink(diagnostics);
                long counted = 0;
                try
                {
                    await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                    var builder = new RemittanceDocumentBuilder();
                    await foreach (var item in Era835Reader.ReadAsync(stream, _readerOptions with { FileName = file, Diagnostics = sink }, token).ConfigureAwait(false))
                    {
                        if (builder.Add(item) is { } document) documents.Add(document);
                        // Big files report their bytes as they are read, each further MiB, so that progress moves within them too.
                        if (progress is not null && stream.Position - counted >= ProgressStepBytes)
                        {
                            var step = stream.Position - counted;
                            counted += step;
                            progress.Report(new ScanProgress("Reading", Volatile.Read(ref read), files.Count, Interlocked.Add(ref bytes, step)));
                        }
                    }
                    Interlocked.Add(ref bytes, stream.Length - counted);
                }
                catch (IOException ex)
                {
                    Interlocked.Add(ref bytes, -counted); // a file that could not be read counts no bytes
                    readErrors.Enqueue(new Diagnostic(DiagnosticCodes.InputUnreadable, DiagnosticSeverity.Error, $"The file could not be read: {ex.GetType().Name}.") { File = file });
                }
                catch (UnauthorizedAccessException)
                {
                    Interlocked.Add(ref bytes, -counted);
                    readErrors.Enqueue(new Diagnostic(DiagnosticCodes.InputUnreadable, DiagnosticSeverity.Error, "The file could not be read: access denied.") { File = file });
                }
                if (sink.FirstUnreadable is { } unreadable) readErrors.Enqueue(unreadable);
                var done = Interlocked.Increment(ref read);
                progress?.Report(new ScanProgress("Reading", done, files.Count, Interlocked.Read(ref bytes)));
            }).ConfigureAwait(false);

        var ordered = documents.ToList();
        ordered.Sort(RemittanceDocument.ProcessingOrder);
        var events = new List<RecoupmentEvent>();
        for (var i = 0; i < ordered.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            events.AddRange(_engine.Process(ordered[i]));
            if ((i + 1) % ProgressStepRemittances == 0 || i + 1 == ordered.Count) progress?.Report(new ScanProgress("Matching", i + 1, ordered.Count, bytes));
        }
        var end = asOf ?? ordered.Where(d => d.Date is not null).Select(d => d.Date!.Value).DefaultIfEmpty().Max();
        if (end != default) events.AddRange(_engine.Complete(end));

        return new ScanResult
        {
            Events = events,
            Files = files.Count,
            Bytes = bytes,
            Remittances = ordered.Count,
            Claims = ordered.Sum(d => (long)d.Claims.Count),
            AsOf = end == default ? null : end,
            ReadErrors = readErrors.OrderBy(d => d.File, StringComparer.Ordinal).ToList(),
            Diagnostics = diagnostics.ToList(),
        };
    }

    private sealed class FileSink(ConcurrentQueue<Diagnostic> all) : IDiagnosticSink
    {
        public Diagnostic? FirstUnreadable { get; private set; }

        public void Report(Diagnostic diagnostic)
        {
            all.Enqueue(diagnostic);
            if (FirstUnreadable is null && UnreadableCodes.Contains(diagnostic.Code)) FirstUnreadable = diagnostic;
        }
    }
}
