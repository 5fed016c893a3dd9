using System.Runtime.CompilerServices;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Matching.Pipeline;

namespace Recoupment.Detection.Matching;

/// <summary>
/// The matching engine (RECOUPMENT-RULES §7, R1–R29): pairs every reversal, provider-level recovery, refund and offset
/// of a remittance with the original paid claim held in the <see cref="IClaimLedger"/>, and emits typed events.
/// </summary>
/// <remarks>
/// <para>One remittance (835 transaction) at a time, through a short pipeline whose stages each do one job and pass
/// an immutable plan forward: intake (R2) → time rules of the partition (R9, R16) → claim pairing (in the remittance
/// first, then the ledger cascade R5–R10) → PLB analysis (R13, R16, R18, R19, R27) → claim events → cross-claim offsets
/// (R11) → receivable events (R12–R23). docs/matching.md maps every rule to its stage. Every lookup is an exact hash
/// lookup by normalised key, so the cost per claim does not grow with the ledger.</para>
/// <para>Deterministic: events and their ids derive from the remittances' content. Process remittances in
/// <see cref="RemittanceDocument.ProcessingOrder"/> (as <see cref="RemittanceScanner"/> does) and the same set gives the
/// same events whatever order the files arrived in; a remittance seen twice changes nothing
/// (<see cref="DuplicateRemittanceIgnored"/>).</para>
/// </remarks>
public sealed class RecoupmentEngine
{
    private readonly IClaimLedger _ledger;
    private readonly RecoupmentOptions _options;
    private readonly MatchingServices _services;
    private readonly RemittanceIntake _intake;
    private readonly TimeRules _time;
    private readonly ClaimPairing _pairing;
    private readonly ProviderAdjustmentAnalysis _adjustments;
    private readonly ClaimEvents _claimEvents;
    private readonly ReceivableEvents _receivableEvents;

    /// <summary>Creates an engine over a ledger.</summary>
    /// <param name="ledger">The claim ledger: empty for a first run, or a durable one from earlier runs.</param>
    /// <param name="options">Matching options; <see cref="RecoupmentOptions.Default"/> when null.</param>
    /// <param name="diagnostics">Receives matching diagnostics (trace numbers reused, non-standard references...).</param>
    public RecoupmentEngine(IClaimLedger ledger, RecoupmentOptions? options = null, IDiagnosticSink? diagnostics = null)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _options = options ?? RecoupmentOptions.Default;
        _services = new MatchingServices(_ledger, _options, diagnostics);
        _intake = new RemittanceIntake(_services);
        _time = new TimeRules(_services);
        _pairing = new ClaimPairing(_services);
        _adjustments = new ProviderAdjustmentAnalysis(_services);
        _claimEvents = new ClaimEvents(_services);
        _receivableEvents = new ReceivableEvents(_services);
    }

    /// <summary>Raised for every event, in order, as soon as its remittance is processed.</summary>
    public event Action<RecoupmentEvent>? EventEmitted;

    /// <summary>The ledger the engine works on.</summary>
    public IClaimLedger Ledger => _ledger;

    /// <summary>The options the engine runs with.</summary>
    public RecoupmentOptions Options => _options;

    /// <summary>Processes one remittance and returns its events.</summary>
    public IReadOnlyList<RecoupmentEvent> Process(RemittanceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var intake = _intake.Check(document);
        if (intake.Duplicate is { } ignored)
        {
            _ledger.RecordEvents([ignored]);
            Raise([ignored]);
            return [ignored];
        }

        var context = new DocumentContext(document, intake.TraceReused);
        using (var scope = _ledger.BeginDocument(document.ToRecord()))
        {
            if (document.PayeeTaxId is { } tin && document.PayeeNpi is { } npi) _ledger.RegisterProvider(tin, npi);
            if (document.IsUnbalanced)
            {
                // R4: reported first; pairing still runs.
                context.Add(new BalancingError
                {
                    Amount = Math.Abs(document.BalanceDifference),
                    Note = $"BPR02 differs from the claim payments less the provider adjustments by {MatchingServices.Money(document.BalanceDifference)}; pairing still ran.",
                });
            }
            _time.Apply(document.Partition, document.EffectiveDate, context);

            var claims = _pairing.Pair(document);
            var adjustments = _adjustments.Analyse(document, claims);
            var outcome = _claimEvents.Emit(context, claims, adjustments);
            CrossClaimOffsets.Emit(context, claims, outcome);
            _receivableEvents.Emit(context, outcome, adjustments);

            _ledger.RecordEvents(context.Events);
            scope.Commit();
        }
        Raise(context.Events);
        return context.Events;
    }

    /// <summary>
    /// Closes what time alone closes, as of <paramref name="asOf"/>: reversals whose correction window ended become full
    /// takebacks, and forward balances older than the stale window are reported. Call at the end of a run with the date
    /// the run stands for (for example the last payment date read).
    /// </summary>
    public IReadOnlyList<RecoupmentEvent> Complete(DateOnly asOf)
    {
        List<RecoupmentEvent> events;
        // One transaction on a durable ledger: a crash keeps every expiry with its event, or none (a rerun redoes them).
        using (var scope = _ledger.BeginTransaction())
        {
            events = _time.Complete(asOf);
            _ledger.RecordEvents(events);
            scope.Commit();
        }
        Raise(events);
        return events;
    }

    /// <summary>
    /// Streams events for items as they arrive (a pipeline that cannot sort): each remittance is processed as soon as
    /// its end is read. For whole batches prefer <see cref="RemittanceScanner"/>, which orders remittances first.
    /// </summary>
    public async IAsyncEnumerable<RecoupmentEvent> ProcessAsync(IAsyncEnumerable<RemittanceItem> items,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = new RemittanceDocumentBuilder();
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (builder.Add(item) is not { } document) continue;
            foreach (var e in Process(document)) yield return e;
        }
    }

    private void Raise(IReadOnlyList<RecoupmentEvent> events)
    {
        var handler = EventEmitted;
        if (handler is null) return;
        foreach (var e in events) handler(e);
    }
}
