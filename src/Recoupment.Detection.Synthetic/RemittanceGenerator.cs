using System.Globalization;
using System.Text;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Synthetic.Internal;

namespace Recoupment.Detection.Synthetic;

/// <summary>
/// Generates a corpus of valid, balanced X12 835 (005010X221A1) files from a seeded simulation of payers and providers,
/// with the answer key of the recoupment, refund, offset and adjustment events an engine must find in it
/// (docs/matching.md). Deterministic: the same <see cref="SyntheticOptions"/> give byte-identical files and answer key.
/// </summary>
/// <remarks>
/// <para>Files are written day by day (several files a day, each one interchange of one payer with one to eight 835
/// transactions, one per provider NPI); each file uses one of three delimiter sets (<c>* : ^ ~</c>, <c>| ^ { ~</c>,
/// <c>+ &gt; ^ '</c>) and one of three line endings (none, LF, CRLF). Memory stays bounded by the stories still open,
/// not by the size of the corpus, so gigabytes can be generated.</para>
/// <para>Every identifier is fake: payer IDs 1990xx0001, tax IDs 0799xxxxx, NPIs 199xxxxxx with a valid check digit,
/// member IDs ZZX…, ISA15 = T (test data).</para>
/// </remarks>
public sealed class RemittanceGenerator
{
    private readonly SyntheticOptions _options;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">What to simulate; <see cref="SyntheticOptions.Default"/> when null.</param>
    public RemittanceGenerator(SyntheticOptions? options = null)
    {
        _options = options ?? SyntheticOptions.Default;
        _options.Validate();
    }

    /// <summary>The options the generator runs with.</summary>
    public SyntheticOptions Options => _options;

    /// <summary>Writes the corpus into <paramref name="outputDirectory"/> (created if needed) and hands every answer-key row to <paramref name="answerKey"/>.</summary>
    /// <param name="outputDirectory">Where the .835 files go. Existing files of the same names are overwritten.</param>
    /// <param name="answerKey">Receives each expected event as soon as its remittance is written; may be null.</param>
    /// <param name="cancellationToken">Stops the generation between days.</param>
    public GenerationSummary Generate(string outputDirectory, Action<ExpectedEvent>? answerKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        Directory.CreateDirectory(outputDirectory);
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long expected = 0, notDeterminable = 0;
        var simulation = new Simulation(_options, (e, why) =>
        {
            expected++;
            if (why is not null) notDeterminable++;
            byType[e.EventType] = byType.GetValueOrDefault(e.EventType) + 1;
            answerKey?.Invoke(new ExpectedEvent(e, why is null));
        });
        // File layout draws from its own generator, so that the simulation does not depend on how files are cut.
        var layout = new Random(unchecked(_options.Seed * 7919 + 17));
        var files = new List<string>();
        long bytes = 0, transactions = 0, claims = 0, lines = 0, adjustments = 0;
        var resent = 0;
        DateOnly? first = null, last = null;
        var sb = new StringBuilder(1 << 20);
        var utf8 = new UTF8Encoding(false);

        for (var day = 0; day < _options.Days; day++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remittances = simulation.RunDay(day);
            if (remittances.Count == 0) continue;
            var date = simulation.DateOf(day);
            first ??= date;
            last = date;
            foreach (var payer in simulation.Payers)
            {
                var own = remittances.Where(r => ReferenceEquals(r.Remittance.Payer, payer)).ToList();
                var fileNumber = 0;
                for (var i = 0; i < own.Count;)
                {
                    var take = Math.Min(own.Count - i, 1 + layout.Next(8));
                    var style = FileStyle.Delimiters[layout.Next(FileStyle.Delimiters.Length)] with
                    {
                        LineEnd = FileStyle.LineEnds[layout.Next(FileStyle.LineEnds.Length)],
                    };
                    sb.Clear();
                    var w = new X12TextWriter(sb, style);
                    var control = ++payer.NextInterchange;
                    var time = $"{6 + fileNumber / 60 % 12:D2}{fileNumber % 60:D2}";
                    RemittanceRenderer.BeginInterchange(w, payer, date, time, payer.Index * 10_000_000 + control);
                    for (var t = 0; t < take; t++)
                    {
                        var (remittance, content) = own[i + t];
                        var (c, l, a) = RemittanceRenderer.WriteTransaction(w, payer, remittance.Provider, content, (t + 1).ToString("D4", CultureInfo.InvariantCulture),
                            _options.RenderingProviders);
                        claims += c;
                        lines += l;
                        adjustments += a;
                    }
                    RemittanceRenderer.EndInterchange(w, take, payer.Index * 10_000_000 + control);
                    i += take;
                    fileNumber++;

                    var name = $"{date:yyyy-MM-dd}-{payer.Code.ToLowerInvariant()}-{fileNumber:D3}.835";
                    var path = Path.Combine(outputDirectory, name);
                    var data = utf8.GetBytes(sb.ToString());
                    File.WriteAllBytes(path, data);
                    files.Add(path);
                    bytes += data.Length;
                    transactions += take;
                    if (layout.NextDouble() < 0.003)
                    {
                        // The same remittance file received twice (a resend): the engine must ignore the copy.
                        var copy = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(name) + "-resent.835");
                        File.WriteAllBytes(copy, data);
                        files.Add(copy);
                        bytes += data.Length;
                        transactions += take;
                        resent++;
                    }
                }
            }
        }

        return new GenerationSummary
        {
            Files = files,
            Bytes = bytes,
            Transactions = transactions,
            ResentFiles = resent,
            Claims = claims,
            NewClaims = simulation.NewClaims,
            ServiceLines = lines,
            ProviderAdjustments = adjustments,
            ExpectedEvents = expected,
            NotDeterminable = notDeterminable,
            FirstDate = first,
            LastDate = last,
            ExpectedByType = byType,
        };
    }

    /// <summary>Writes the corpus and its answer key (the events CSV format, event_id empty, determinability in the note column).</summary>
    /// <param name="outputDirectory">Where the .835 files go.</param>
    /// <param name="answerKeyPath">The answer key CSV to write.</param>
    /// <param name="cancellationToken">Stops the generation between days.</param>
    public GenerationSummary Generate(string outputDirectory, string answerKeyPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(answerKeyPath);
        if (Path.GetDirectoryName(Path.GetFullPath(answerKeyPath)) is { } folder) Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(answerKeyPath, append: false, new UTF8Encoding(false));
        using var csv = new EventCsvWriter(writer, leaveOpen: true);
        csv.WriteHeader();
        var summary = Generate(outputDirectory, e => csv.Write(e.Event), cancellationToken);
        csv.Flush();
        return summary;
    }
}
