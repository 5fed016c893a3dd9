using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// A matching scenario: remittances (in the order they arrive), engine options, and the date the run is completed as of.
/// Run it as the scenario tells (arrival order, each 835 text through the reader), or in processing order for the
/// property tests.
/// </summary>
public sealed class Scenario
{
    public Scenario(string name, params Remit[] documents)
    {
        Name = name;
        Documents = documents;
    }

    public string Name { get; }

    /// <summary>The remittances, in arrival order.</summary>
    public IReadOnlyList<Remit> Documents { get; }

    public RecoupmentOptions Options { get; init; } = RecoupmentOptions.Default;

    /// <summary>When set, <see cref="RecoupmentEngine.Complete"/> is called with this date after the last remittance.</summary>
    public DateOnly? CompleteAsOf { get; init; }

    /// <summary>The 835 bytes of every remittance, in arrival order (built once).</summary>
    public IReadOnlyList<byte[]> Files => _files ??= Documents.Select(d => d.ToBytes()).ToList();

    private IReadOnlyList<byte[]>? _files;

    /// <summary>Runs the remittances in arrival order (or the given order of indexes), each 835 text through the reader.</summary>
    public ScenarioRun Run(IEnumerable<int>? order = null, RecoupmentOptions? options = null, DateOnly? completeAsOf = null, bool sort = false, IClaimLedger? ledger = null)
    {
        var indexes = (order ?? Enumerable.Range(0, Documents.Count)).ToList();
        var readerDiagnostics = new DiagnosticList();
        var documents = indexes.Select(i => RemittanceDocument.From(Era835Reader.ReadRemittances(Files[i], new Era835ReaderOptions { FileName = $"{Name}-{i}.835", Diagnostics = readerDiagnostics }).Single(), 0)).ToList();
        if (sort) documents.Sort(RemittanceDocument.ProcessingOrder);
        return ScenarioRun.Process(documents, options ?? Options, completeAsOf ?? CompleteAsOf, readerDiagnostics, ledger);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>What a scenario run emitted.</summary>
public sealed class ScenarioRun
{
    private ScenarioRun(RecoupmentEngine engine, DiagnosticList diagnostics, DiagnosticList readerDiagnostics)
    {
        Engine = engine;
        Diagnostics = diagnostics;
        ReaderDiagnostics = readerDiagnostics;
    }

    public RecoupmentEngine Engine { get; }

    /// <summary>Matching diagnostics (MATCH-...).</summary>
    public DiagnosticList Diagnostics { get; }

    /// <summary>Reading diagnostics (X12-..., 835-...).</summary>
    public DiagnosticList ReaderDiagnostics { get; }

    /// <summary>Every event, in order.</summary>
    public List<RecoupmentEvent> Events { get; } = [];

    /// <summary>The events of each processed remittance, with its TRN02, in processing order.</summary>
    public List<(string? Trace, IReadOnlyList<RecoupmentEvent> Events)> ByDocument { get; } = [];

    /// <summary>The events of <see cref="RecoupmentEngine.Complete"/>, when it ran.</summary>
    public IReadOnlyList<RecoupmentEvent> Completed { get; private set; } = [];

    /// <summary>The events of the (first) remittance processed with this TRN02.</summary>
    public IReadOnlyList<RecoupmentEvent> In(string trace) => ByDocument.First(d => d.Trace == trace).Events;

    /// <summary>The event types in order.</summary>
    public IReadOnlyList<string> Types => Events.Select(e => e.EventType).ToList();

    public IReadOnlyList<T> All<T>() where T : RecoupmentEvent => Events.OfType<T>().ToList();

    /// <summary>The only event of type T (fails otherwise).</summary>
    public T Single<T>() where T : RecoupmentEvent
    {
        var all = All<T>();
        all.Should().ContainSingle($"exactly one {typeof(T).Name} is expected; events were: {string.Join(", ", Types)}");
        return all[0];
    }

    public RecoupmentEvent ById(string? id) => Events.Single(e => e.EventId == id);

    /// <summary>The event rows (DESIGN §4.3), for comparing runs.</summary>
    public IReadOnlyList<string> Rows => Events.Select(e => string.Join('|', EventRow.From(e).Values())).ToList();

    public IClaimLedger Ledger => Engine.Ledger;

    /// <summary>Processes documents in the given order with a fresh in-memory ledger.</summary>
    public static ScenarioRun Process(IEnumerable<RemittanceDocument> documents, RecoupmentOptions options, DateOnly? completeAsOf, DiagnosticList? readerDiagnostics = null,
        IClaimLedger? ledger = null)
    {
        var diagnostics = new DiagnosticList();
        var run = new ScenarioRun(new RecoupmentEngine(ledger ?? new InMemoryClaimLedger(), options, diagnostics), diagnostics, readerDiagnostics ?? []);
        foreach (var document in documents)
        {
            var events = run.Engine.Process(document);
            run.ByDocument.Add((document.Trace, events));
            run.Events.AddRange(events);
        }
        if (completeAsOf is { } asOf)
        {
            run.Completed = run.Engine.Complete(asOf);
            run.Events.AddRange(run.Completed);
        }
        return run;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Events.Select(Describe));

    /// <summary>One line per event, for failure messages.</summary>
    public static string Describe(RecoupmentEvent e) =>
        $"{e.EventType} {e.RemittanceTrace} claim={e.ClaimId}/{e.PayerClaimNumber} orig={e.OriginalPayerClaimNumber}@{e.OriginalRemittanceTrace} " +
        $"amount={e.Amount:0.00} remaining={e.RemainingAmount} plb={e.PlbReasonCode}:{e.PlbReference} mode={e.Mode} conf={e.Confidence} cause={e.RootCause} " +
        $"id={e.EventId} related={e.RelatedEventId} note={e.Note}";
}
