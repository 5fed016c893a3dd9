using System.Globalization;
using Recoupment.Detection.Cases;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Reporting;

/// <summary>What a worklist item is.</summary>
public enum WorklistItemKind
{
    /// <summary>A receivable (WO, FB, PI, AP) the payer opened and has not collected in full: money still owed back.</summary>
    OpenReceivable,
    /// <summary>A recovery whose original claim is not in the ledger (in suspense): money taken back on a claim nobody has identified.</summary>
    UnmatchedRecovery,
    /// <summary>
    /// Money already taken back on a known claim (a ClaimRecoupment, or a recovery whose original arrived later) that can
    /// still be appealed: it stays until its case is closed, or until its deadline passes with nobody having acted on it.
    /// </summary>
    Recoupment,
}

/// <summary>A count of items and the money they carry (amounts are never negative).</summary>
/// <param name="Count">How many.</param>
/// <param name="Amount">Their amounts added up.</param>
public readonly record struct ReportTally(int Count, decimal Amount)
{
    /// <summary>This tally with one more item of <paramref name="amount"/>.</summary>
    /// <remarks>The amount saturates at decimal's range: a ledger written before amounts were range-checked still reports.</remarks>
    public ReportTally Add(decimal amount) => new(Count + 1, SaturatingAdd(Amount, amount));

    /// <summary><paramref name="a"/> + <paramref name="b"/>, held at <see cref="decimal.MaxValue"/> or <see cref="decimal.MinValue"/> instead of overflowing.</summary>
    public static decimal SaturatingAdd(decimal a, decimal b)
    {
        // Overflow needs both of one sign; then b is compared with the room left, which cannot overflow.
        if (a > 0 && b > 0 && b > decimal.MaxValue - a) return decimal.MaxValue;
        if (a < 0 && b < 0 && b < decimal.MinValue - a) return decimal.MinValue;
        return a + b;
    }
}

/// <summary>One line of the worklist: an open receivable, an unmatched recovery or an appealable recoupment, with what a billing team needs to act on it.</summary>
public sealed record WorklistItem
{
    /// <summary>Open receivable, unmatched recovery or recoupment.</summary>
    public required WorklistItemKind Kind { get; init; }
    /// <summary>The payer key of the partition.</summary>
    public required string PayerId { get; init; }
    /// <summary>The payer's name (N1*PR of its latest remittance in the ledger), when known.</summary>
    public string? PayerName { get; init; }
    /// <summary>The payee key of the partition (tax ID, else NPI).</summary>
    public required string PayeeId { get; init; }
    /// <summary>The provider concerned (PLB01, or the payee NPI).</summary>
    public string? ProviderId { get; init; }
    /// <summary>The provider's name (N1*PE of the latest remittance paid to that NPI, else to the payee), when known.</summary>
    public string? ProviderName { get; init; }
    /// <summary>CLP01 of the claim, when known: the patient account number the practice system files the claim under.</summary>
    public string? ClaimId { get; init; }
    /// <summary>The patient account number (CLP01): the same value as <see cref="ClaimId"/>, under the name billers use.</summary>
    public string? PatientAccount => ClaimId;
    /// <summary>The claim's first date of service (statement period start, else the earliest service line date), when the ledger holds the claim.</summary>
    public DateOnly? ServiceDate { get; init; }
    /// <summary>CLP07 of the original claim the money is taken on, when known (for an unmatched reversal, the ICN it names).</summary>
    public string? OriginalPayerClaimNumber { get; init; }
    /// <summary>CLP04 of the original claim, when known.</summary>
    public decimal? OriginalPaidAmount { get; init; }
    /// <summary>TRN02 of the remittance that paid the original, when known.</summary>
    public string? OriginalRemittanceTrace { get; init; }
    /// <summary>TRN02 of the remittance the receivable was opened in, or the recovery found in.</summary>
    public string? RemittanceTrace { get; init; }
    /// <summary>The payment date of that remittance.</summary>
    public DateOnly? FoundDate { get; init; }
    /// <summary>The PLB code (WO, FB, PI, AP...), for a provider-level item.</summary>
    public string? PlbReasonCode { get; init; }
    /// <summary>The PLB reference (PLB03-2), for a provider-level item.</summary>
    public string? PlbReference { get; init; }
    /// <summary>The amount opened, or recovered without a match.</summary>
    public decimal Amount { get; init; }
    /// <summary>What is still owed (a receivable's remaining amount), still unexplained (the whole unmatched amount) or
    /// at stake in an appeal (the whole amount of a recoupment).</summary>
    public decimal Outstanding { get; init; }
    /// <summary>Days from <see cref="FoundDate"/> to the report's as-of date; null without a date.</summary>
    public int? AgeDays { get; init; }
    /// <summary>The last day to appeal, from the payer class policy.</summary>
    public DateOnly? AppealDeadline { get; init; }
    /// <summary>Days from the as-of date to <see cref="AppealDeadline"/>: negative once it has passed; null without a deadline.</summary>
    public int? DaysToDeadline { get; init; }
    /// <summary>The root cause of the recoupment behind the item (<see cref="RootCause.Unknown"/> when the events do not say).</summary>
    public RootCause RootCause { get; init; }
    /// <summary>The CARCs behind the item, as GROUP-CODE.</summary>
    public IReadOnlyList<string> CarcCodes { get; init; } = [];
    /// <summary>What the item is, in words: "Deferred recoupment", "Forward balance (stale)", "Original not in ledger"...</summary>
    public string Detail { get; init; } = "";
    /// <summary>The event that opened the receivable, or the UnmatchedRecoupment event.</summary>
    public required string EventId { get; init; }

    /// <summary>True when the appeal deadline is before the as-of date.</summary>
    public bool IsOverdue => DaysToDeadline < 0;

    /// <summary>
    /// True for a recoupment whose appeal deadline has passed while its case is still new: nobody acted on it in time,
    /// so there is nothing left to decide and it is off the worklist (it stays a case and in the totals). A recoupment
    /// someone is working on (in review, disputed, appealed) stays, overdue.
    /// </summary>
    public bool IsExpired => Kind == WorklistItemKind.Recoupment && CaseStatus == CaseStatus.New && IsOverdue;

    /// <summary>True while the item is on the worklist: its case is not closed and it has not expired.</summary>
    public bool IsOnWorklist => !IsClosed && !IsExpired;

    /// <summary>The kind in words: "Open receivable", "Unmatched recovery" or "Recoupment".</summary>
    public string KindInWords => Kind switch
    {
        WorklistItemKind.OpenReceivable => "Open receivable",
        WorklistItemKind.UnmatchedRecovery => "Unmatched recovery",
        _ => "Recoupment",
    };

    /// <summary>The case id (<see cref="CaseIds.For"/> of <see cref="EventId"/>): the same across re-scans and ledgers.</summary>
    public string CaseId => string.IsNullOrEmpty(EventId) ? "" : CaseIds.For(EventId);
    /// <summary>The case's current status: that of its latest history entry, <see cref="CaseStatus.New"/> without one.</summary>
    public CaseStatus CaseStatus { get; init; }
    /// <summary>The latest note of the case's history, when there is one.</summary>
    public string? CaseNote { get; init; }
    /// <summary>When the status last changed, when it did.</summary>
    public DateTimeOffset? CaseChangedAt { get; init; }
    /// <summary>Who changed it last, when known.</summary>
    public string? CaseChangedBy { get; init; }
    /// <summary>True once the case is accepted, won, lost or written off: it is off the worklist.</summary>
    public bool IsClosed => CaseStatuses.IsClosed(CaseStatus);
}

/// <summary>The money of one group (a payer, a root cause, a CARC, a provider or a month).</summary>
public sealed record ReportTotals
{
    /// <summary>The group: the payer key, the root cause, the CARC (GROUP-CODE), the provider or the month (yyyy-MM).</summary>
    public required string Key { get; init; }
    /// <summary>The payer's or provider's name for those groups, when the ledger knows it; null otherwise.</summary>
    public string? Name { get; init; }
    /// <summary>Recouped: ClaimRecoupment and UnmatchedRecoupment events (see <see cref="RecoupmentReport.Definitions"/>).</summary>
    public ReportTally Recouped { get; init; }
    /// <summary>Collected against receivables: RecoupmentCollected and ForwardBalanceApplied events.</summary>
    public ReportTally Collected { get; init; }
    /// <summary>Refunded by the provider: the Refund family (PLB 72, B2).</summary>
    public ReportTally Refunded { get; init; }
    /// <summary>Open receivables: what they still owe.</summary>
    public ReportTally OpenReceivables { get; init; }
    /// <summary>Unmatched recoveries in suspense.</summary>
    public ReportTally Unmatched { get; init; }
}

/// <summary>Recouped money of one payer in one month (the data of the "recouped per month by payer" chart).</summary>
/// <param name="Month">yyyy-MM of the remittance date.</param>
/// <param name="PayerId">The payer key.</param>
/// <param name="Recouped">Recoupment events and their amounts.</param>
public sealed record MonthlyPayerTotal(string Month, string PayerId, ReportTally Recouped);

/// <summary>The worklist items whose appeal deadline falls on one day (the data of the deadline calendar).</summary>
/// <param name="Date">The deadline.</param>
/// <param name="Items">How many items, and what they still carry (outstanding amounts).</param>
public sealed record DeadlineDay(DateOnly Date, ReportTally Items);

/// <summary>
/// The recoupment worklist a billing team works from, built from a claim ledger: open receivables and unmatched
/// recoveries (age, amount, payer, original claim, appeal deadline; soonest deadline first), and totals by payer, root
/// cause, CARC, provider and month so that patterns show. Render it with <see cref="RecoupmentReportHtml"/>, or as
/// CSV with Recoupment.Detection.Csv.
/// </summary>
/// <remarks>
/// Every value comes from the ledger's records and recorded events (identifiers, codes, dates and amounts): no patient
/// data is in the ledger, and the report adds none.
/// </remarks>
public sealed partial record RecoupmentReport
{
    /// <summary>The date ages and days to deadlines are counted to.</summary>
    public required DateOnly AsOf { get; init; }
    /// <summary>Where the data came from (for example the ledger file), shown in the title; null when not given.</summary>
    public string? Source { get; init; }
    /// <summary>Remittances in the ledger, when known.</summary>
    public long? Remittances { get; init; }
    /// <summary>The earliest payment date of the data: among the events, unless the caller sets it from the ledger's remittances.</summary>
    public DateOnly? FirstPaymentDate { get; init; }
    /// <summary>The latest payment date of the data (the ledger's open items stand as of then): among the events, unless the caller sets it.</summary>
    public DateOnly? LatestPaymentDate { get; init; }
    /// <summary>Events recorded in the ledger.</summary>
    public int EventCount { get; init; }
    /// <summary>Open receivables, unmatched recoveries and appealable recoupments whose case is not closed (see
    /// <see cref="WorklistItem.IsOnWorklist"/>), soonest appeal deadline first (items without a deadline last), then
    /// oldest first, then largest first.</summary>
    public required IReadOnlyList<WorklistItem> Worklist { get; init; }
    /// <summary>Everything together.</summary>
    public required ReportTotals Overall { get; init; }
    /// <summary>Totals by payer, largest recouped amount first.</summary>
    public required IReadOnlyList<ReportTotals> ByPayer { get; init; }
    /// <summary>Totals by root cause, largest recouped amount first.</summary>
    public required IReadOnlyList<ReportTotals> ByRootCause { get; init; }
    /// <summary>Totals by CARC (GROUP-CODE), largest recouped amount first. An event with several CARCs counts under each,
    /// so these rows overlap; events without a CARC are under "(none)".</summary>
    public required IReadOnlyList<ReportTotals> ByCarc { get; init; }
    /// <summary>Totals by provider, largest recouped amount first.</summary>
    public required IReadOnlyList<ReportTotals> ByProvider { get; init; }
    /// <summary>Totals by month (yyyy-MM of the remittance date; for open items, of the date they were found), in order.</summary>
    public required IReadOnlyList<ReportTotals> ByMonth { get; init; }
    /// <summary>Recouped money per month and payer, months in order, every month from the first to the last with money.</summary>
    public required IReadOnlyList<MonthlyPayerTotal> RecoupedByMonthAndPayer { get; init; }
    /// <summary>Worklist deadlines per day, in date order.</summary>
    public required IReadOnlyList<DeadlineDay> Deadlines { get; init; }
    /// <summary>Matched reversals still waiting for their correction (not in the worklist: not recouped yet).</summary>
    public ReportTally PendingReversals { get; init; }
    /// <summary>
    /// Every case: the worklist, the items whose case was closed (accepted, won, lost, written off), and cases with a
    /// history whose item is no longer open (collected since); in worklist order, those last.
    /// </summary>
    public IReadOnlyList<WorklistItem> Cases { get; init; } = [];
    /// <summary>Counts and money by case status, appeal win rates, money recovered by won appeals.</summary>
    public ReportOutcomes Outcomes { get; init; } = new() { ByStatus = [], AppealsByPayer = [], AppealsByRootCause = [] };
    /// <summary>Totals by procedure code (SVC01 with modifiers) of the claim behind the money; a claim with several procedures counts under each.</summary>
    public IReadOnlyList<ReportTotals> ByProcedure { get; init; } = [];
    /// <summary>Totals by rendering provider (NM1*82) of the claim behind the money.</summary>
    public IReadOnlyList<ReportTotals> ByRenderingProvider { get; init; } = [];
    /// <summary>The same procedure and cause recouped three or more times within 90 days for one provider, most recoupments first.</summary>
    public IReadOnlyList<RepeatPattern> RepeatPatterns { get; init; } = [];
    /// <summary>Payer names by payer key, from the ledger's remittances (empty when built from events alone).</summary>
    public IReadOnlyDictionary<string, string> PayerNames { get; init; } = new Dictionary<string, string>();

    /// <summary>"NAME (key)" when the payer's name is known, else the key.</summary>
    public string PayerLabel(string payerId) => PayerNames.TryGetValue(payerId, out var name) ? $"{name} ({payerId})" : payerId;

    /// <summary>The open receivables of the worklist.</summary>
    public IEnumerable<WorklistItem> OpenReceivables => Worklist.Where(i => i.Kind == WorklistItemKind.OpenReceivable);

    /// <summary>The unmatched recoveries of the worklist.</summary>
    public IEnumerable<WorklistItem> UnmatchedRecoveries => Worklist.Where(i => i.Kind == WorklistItemKind.UnmatchedRecovery);

    /// <summary>The recoupments of the worklist: money taken back that can still be appealed, or whose appeal is under way.</summary>
    public IEnumerable<WorklistItem> Recoupments => Worklist.Where(i => i.Kind == WorklistItemKind.Recoupment);

    /// <summary>What the figures mean: the footnote of every rendering.</summary>
    public static IReadOnlyList<string> Definitions { get; } =
    [
        "Recouped: money the payer took back on claims: ClaimRecoupment events (any mode: immediate, full takeback, net delta, deferred, provider level) " +
        "plus UnmatchedRecoupment events (taken back on a claim not in the ledger). A deferred recoupment counts once, when it is recouped, not again as it is collected.",
        "Collected: money taken against receivables: RecoupmentCollected and ForwardBalanceApplied events. Refunded: money the provider sent back itself (PLB 72, B2).",
        "Open receivables: what the ledger's open WO, FB, PI and AP receivables still owe. Unmatched: recoveries still in suspense, their original claim not found.",
        "Recoupments on the worklist: money already taken back on a known claim, with an appeal deadline; each stays until its case is closed, or until " +
        "its deadline passes while the case is still new. A deferred recoupment is on the worklist as its receivable while that is open.",
        "Age: days from the remittance that opened the receivable or carried the recovery to the as-of date. Appeal deadline: from the payer class policy " +
        "in force when the scan ran (by default Medicare 120 days from the notice, Medicaid 90, commercial 180). Days left is negative once the deadline has passed.",
        "Root cause and CARCs of a collection or receivable are those of the recoupment it follows from. An event with several CARCs counts under each. " +
        "Months are those of the remittance date.",
    ];

    /// <summary>"Coordination of benefits" for <see cref="RootCause.CoordinationOfBenefits"/>: a cause as words, which wrap.</summary>
    public static string CauseInWords(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) words.Append(' ').Append(char.ToLowerInvariant(name[i]));
            else words.Append(name[i]);
        }
        return words.ToString();
    }

    /// <summary>Builds the report from a ledger: its open receivables, its suspense, its pending reversals and its recorded events.</summary>
    /// <param name="ledger">The claim ledger (for example a SQLite ledger after one or more scans).</param>
    /// <param name="asOf">The date ages and days to deadlines are counted to.</param>
    public static RecoupmentReport Create(IClaimLedger ledger, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return new Builder(ledger.Events(), asOf, new LedgerLookup(ledger), ledger.AllCaseEntries())
            .Build(ledger.AllOpenReceivables(), ledger.AllSuspense(), ledger.PendingReversalsDueBefore(null, DateOnly.MaxValue));
    }

    /// <summary>Builds the report from events and what is open.</summary>
    /// <param name="events">The recorded events, in order.</param>
    /// <param name="openReceivables">The open receivables.</param>
    /// <param name="suspense">The unmatched recoveries in suspense.</param>
    /// <param name="asOf">The date ages and days to deadlines are counted to.</param>
    /// <param name="pendingReversals">Reversals waiting for their correction, if known.</param>
    public static RecoupmentReport Create(IReadOnlyList<RecoupmentEvent> events, IEnumerable<Receivable> openReceivables, IEnumerable<SuspenseItem> suspense,
        DateOnly asOf, IEnumerable<PendingReversal>? pendingReversals = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(openReceivables);
        ArgumentNullException.ThrowIfNull(suspense);
        return new Builder(events, asOf, null, []).Build(openReceivables, suspense, pendingReversals ?? []);
    }

    private sealed partial class Builder(IReadOnlyList<RecoupmentEvent> events, DateOnly asOf, LedgerLookup? lookup, IReadOnlyList<CaseEntry> caseEntries)
    {
        private const string None = "(none)";
        private readonly Dictionary<string, RecoupmentEvent> _byId = Index(events);
        private readonly Accumulator _overall = new(Accumulator.Everything);
        private readonly Dictionary<string, Accumulator> _payers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Accumulator> _causes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Accumulator> _carcs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Accumulator> _providers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Accumulator> _months = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Month, string Payer), ReportTally> _monthPayer = [];

        public RecoupmentReport Build(IEnumerable<Receivable> openReceivables, IEnumerable<SuspenseItem> suspense, IEnumerable<PendingReversal> pending)
        {
            DateOnly? first = null, latest = null;
            foreach (var e in events)
            {
                if (e.RemittanceDate is { } d)
                {
                    if (first is null || d < first) first = d;
                    if (latest is null || d > latest) latest = d;
                }
                Column? column = e switch
                {
                    ClaimRecoupment or UnmatchedRecoupment => Column.Recouped,
                    RecoupmentCollected or ForwardBalanceApplied => Column.Collected,
                    RefundFamilyEvent => Column.Refunded,
                    _ => null,
                };
                if (column is not { } c) continue;
                var month = Month(e.RemittanceDate);
                var facts = FactsOf(e);
                Count(c, e.Amount, e.PayerId, RootCauseOf(e), CarcsOf(e), e.ProviderId, month, facts);
                if (c == Column.Recouped) NotePattern(e, facts);
                if (c == Column.Recouped) _monthPayer[(month, e.PayerId)] = _monthPayer.GetValueOrDefault((month, e.PayerId)).Add(e.Amount);
            }

            var worklist = new List<WorklistItem>();
            foreach (var r in openReceivables)
            {
                var opened = _byId.GetValueOrDefault(r.OpenedEventId);
                var item = new WorklistItem
                {
                    Kind = WorklistItemKind.OpenReceivable,
                    PayerId = r.Partition.PayerId,
                    PayeeId = r.Partition.PayeeId,
                    ProviderId = r.ProviderId ?? opened?.ProviderId,
                    ClaimId = r.ClaimId ?? opened?.ClaimId,
                    ServiceDate = lookup?.ServiceDate(r.Partition, r.ClaimId ?? opened?.ClaimId, opened?.OriginalPayerClaimNumber ?? r.PayerClaimNumber, null),
                    OriginalPayerClaimNumber = opened?.OriginalPayerClaimNumber ?? r.PayerClaimNumber,
                    OriginalPaidAmount = r.OriginalPaidAmount ?? opened?.OriginalPaidAmount,
                    OriginalRemittanceTrace = r.OriginalRemittanceTrace ?? opened?.OriginalRemittanceTrace,
                    RemittanceTrace = r.RemittanceTrace,
                    FoundDate = r.OpenedDate,
                    PlbReasonCode = r.Code,
                    PlbReference = r.Reference,
                    Amount = r.Amount,
                    Outstanding = r.Remaining,
                    AppealDeadline = r.AppealDeadline ?? opened?.AppealDeadline,
                    RootCause = opened is null ? RootCause.Unknown : RootCauseOf(opened),
                    CarcCodes = opened is null ? [] : CarcsOf(opened),
                    Detail = ReceivableDetail(r, opened),
                    EventId = r.OpenedEventId,
                };
                worklist.Add(Cased(Dated(item)));
                Count(Column.OpenReceivables, r.Remaining, item.PayerId, item.RootCause, item.CarcCodes, item.ProviderId, Month(item.FoundDate), opened is null ? ClaimFacts.None : FactsOf(opened));
            }
            foreach (var s in suspense)
            {
                var unmatched = _byId.GetValueOrDefault(s.EventId);
                var item = new WorklistItem
                {
                    Kind = WorklistItemKind.UnmatchedRecovery,
                    PayerId = s.Partition.PayerId,
                    PayeeId = s.Partition.PayeeId,
                    ProviderId = s.ProviderId ?? unmatched?.ProviderId,
                    ClaimId = s.ClaimId ?? unmatched?.ClaimId,
                    // The original is not in the ledger; a correction that came with the reversal is, and has its dates.
                    ServiceDate = lookup?.ServiceDate(s.Partition, s.ClaimId ?? unmatched?.ClaimId, null, s.DocumentId),
                    OriginalPayerClaimNumber = unmatched?.OriginalPayerClaimNumber ?? s.PayerClaimNumber,
                    OriginalPaidAmount = unmatched?.OriginalPaidAmount,
                    OriginalRemittanceTrace = unmatched?.OriginalRemittanceTrace,
                    RemittanceTrace = s.RemittanceTrace,
                    FoundDate = s.RemittanceDate,
                    PlbReasonCode = s.PlbReasonCode,
                    PlbReference = s.PlbReference,
                    Amount = s.Amount,
                    Outstanding = s.Amount,
                    AppealDeadline = unmatched?.AppealDeadline,
                    RootCause = unmatched is null ? RootCause.Unknown : RootCauseOf(unmatched),
                    CarcCodes = unmatched is null ? [] : CarcsOf(unmatched),
                    Detail = (unmatched as UnmatchedRecoupment)?.Reason == UnmatchedReason.ReferenceUnparseable ? "Reference names no claim" : "Original not in ledger",
                    EventId = s.EventId,
                };
                worklist.Add(Cased(Dated(item)));
                Count(Column.Unmatched, s.Amount, item.PayerId, item.RootCause, item.CarcCodes, item.ProviderId, Month(item.FoundDate), unmatched is null ? ClaimFacts.None : FactsOf(unmatched));
            }
            AddRecoupments(worklist);
            worklist.Sort(WorklistOrder);
            var cases = AllCases(worklist);
            worklist = worklist.Where(i => i.IsOnWorklist).ToList();

            var pendingTally = default(ReportTally);
            foreach (var p in pending) pendingTally = pendingTally.Add(Math.Max(0, -p.Reversal.Paid));

            return new RecoupmentReport
            {
                AsOf = asOf,
                FirstPaymentDate = first,
                LatestPaymentDate = latest,
                EventCount = events.Count,
                Worklist = worklist,
                Cases = cases,
                Outcomes = OutcomesOf(cases),
                ByProcedure = ByAmount(_procedures),
                ByRenderingProvider = ByAmount(_rendering).Select(t => t with { Name = lookup?.ProviderName(t.Key, null) }).ToList(),
                RepeatPatterns = Patterns(),
                Overall = _overall.ToTotals(),
                ByPayer = ByAmount(_payers).Select(t => t with { Name = lookup?.PayerName(t.Key) }).ToList(),
                ByRootCause = ByAmount(_causes),
                ByCarc = ByAmount(_carcs),
                ByProvider = ByAmount(_providers).Select(t => t with { Name = lookup?.ProviderName(t.Key, null) }).ToList(),
                ByMonth = _months.Values.Select(a => a.ToTotals()).OrderBy(t => t.Key, StringComparer.Ordinal).ToList(),
                RecoupedByMonthAndPayer = MonthPayerSeries(),
                Deadlines = worklist.Where(i => i.AppealDeadline is not null)
                    .GroupBy(i => i.AppealDeadline!.Value)
                    .OrderBy(g => g.Key)
                    .Select(g => new DeadlineDay(g.Key, g.Aggregate(default(ReportTally), (t, i) => t.Add(i.Outstanding))))
                    .ToList(),
                PendingReversals = pendingTally,
                PayerNames = lookup?.PayerNames ?? new Dictionary<string, string>(),
            };
        }

        private WorklistItem Dated(WorklistItem item) => item with
        {
            PayerName = lookup?.PayerName(item.PayerId),
            ProviderName = lookup?.ProviderName(item.ProviderId, new PartitionKey(item.PayerId, item.PayeeId)),
            AgeDays = item.FoundDate is { } found ? asOf.DayNumber - found.DayNumber : null,
            DaysToDeadline = item.AppealDeadline is { } deadline ? deadline.DayNumber - asOf.DayNumber : null,
        };

        private static int WorklistOrder(WorklistItem a, WorklistItem b)
        {
            // Soonest deadline first, items without one last; then the oldest, then the largest; then a stable key.
            var c = (a.AppealDeadline, b.AppealDeadline) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (x, y) => x.Value.CompareTo(y.Value),
            };
            if (c != 0) return c;
            c = Nullable.Compare(a.FoundDate, b.FoundDate);
            if (c != 0) return c;
            c = b.Outstanding.CompareTo(a.Outstanding);
            return c != 0 ? c : string.CompareOrdinal(a.EventId, b.EventId);
        }

        private static string ReceivableDetail(Receivable r, RecoupmentEvent? opened)
        {
            var what = r.Code == "FB" ? "Forward balance" : opened?.Mode == RecoupmentMode.Deferred ? "Deferred recoupment" : "Receivable";
            if (r.Collected > 0) what += ", part collected";
            if (r.StaleReported) what += " (stale)";
            return what;
        }

        private void Count(Column column, decimal amount, string payer, RootCause cause, IReadOnlyList<string> carcs, string? provider, string month, ClaimFacts facts)
        {
            if (facts.Procedures.Count == 0) Group(_procedures, None).Add(column, amount);
            foreach (var procedure in facts.Procedures) Group(_procedures, procedure).Add(column, amount);
            Group(_rendering, facts.RenderingProviderId ?? None).Add(column, amount);
            _overall.Add(column, amount);
            Group(_payers, payer).Add(column, amount);
            Group(_causes, cause.ToString()).Add(column, amount);
            if (carcs.Count == 0) Group(_carcs, None).Add(column, amount);
            foreach (var carc in carcs.Distinct(StringComparer.Ordinal)) Group(_carcs, carc).Add(column, amount);
            Group(_providers, string.IsNullOrEmpty(provider) ? None : provider).Add(column, amount);
            Group(_months, month).Add(column, amount);
        }

        /// <summary>The root cause of an event, else of the event it follows from (a collection's receivable, a receivable's deferred recoupment).</summary>
        private RootCause RootCauseOf(RecoupmentEvent e)
        {
            RecoupmentEvent? current = e;
            for (var hops = 0; current is not null && hops < 8; current = Related(current), hops++)
            {
                if (current.RootCause != RootCause.None) return current.RootCause;
            }
            return RootCause.Unknown;
        }

        private IReadOnlyList<string> CarcsOf(RecoupmentEvent e)
        {
            RecoupmentEvent? current = e;
            for (var hops = 0; current is not null && hops < 8; current = Related(current), hops++)
            {
                if (current.CarcCodes.Count > 0) return current.CarcCodes;
            }
            return [];
        }

        private RecoupmentEvent? Related(RecoupmentEvent e) =>
            e.RelatedEventId is { } id && _byId.TryGetValue(id, out var related) && !ReferenceEquals(related, e) ? related : null;

        private List<MonthlyPayerTotal> MonthPayerSeries()
        {
            var result = new List<MonthlyPayerTotal>();
            var months = _monthPayer.Keys.Select(k => k.Month).Where(m => m != None).Distinct().Order(StringComparer.Ordinal).ToList();
            var payers = _monthPayer.Keys.Select(k => k.Payer).Distinct().Order(StringComparer.Ordinal).ToList();
            if (months.Count > 0)
            {
                // Every month from the first to the last, so that a chart shows the quiet months too.
                var month = DateOnly.ParseExact(months[0] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var last = DateOnly.ParseExact(months[^1] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
                for (; month <= last; month = month.AddMonths(1))
                {
                    var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                    foreach (var payer in payers) result.Add(new MonthlyPayerTotal(key, payer, _monthPayer.GetValueOrDefault((key, payer))));
                }
            }
            foreach (var payer in payers.Where(p => _monthPayer.ContainsKey((None, p))))
            {
                result.Add(new MonthlyPayerTotal(None, payer, _monthPayer[(None, payer)]));
            }
            return result;
        }

        private static List<ReportTotals> ByAmount(Dictionary<string, Accumulator> groups) =>
            groups.Values.Select(a => a.ToTotals())
                .OrderByDescending(t => t.Recouped.Amount)
                .ThenByDescending(t => t.OpenReceivables.Amount + t.Unmatched.Amount)
                .ThenBy(t => t.Key, StringComparer.Ordinal)
                .ToList();

        private static Accumulator Group(Dictionary<string, Accumulator> groups, string key)
        {
            if (!groups.TryGetValue(key, out var accumulator)) groups[key] = accumulator = new Accumulator(key);
            return accumulator;
        }

        private static string Month(DateOnly? date) => date?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? None;

        private static Dictionary<string, RecoupmentEvent> Index(IReadOnlyList<RecoupmentEvent> events)
        {
            var byId = new Dictionary<string, RecoupmentEvent>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                if (!string.IsNullOrEmpty(e.EventId)) byId.TryAdd(e.EventId, e);
            }
            return byId;
        }
    }

    /// <summary>What the report looks up in a ledger besides its events: names from the remittances, dates of service from the claims.</summary>
    private sealed class LedgerLookup(IClaimLedger ledger)
    {
        private readonly IClaimLedger _ledger = ledger;
        private readonly PartyNames _names = PartyNames.Of(ledger);

        public IReadOnlyDictionary<string, string> PayerNames => _names.Payers;

        public string? PayerName(string payerId) => _names.Payer(payerId);

        public string? ProviderName(string? providerId, PartitionKey? partition) => _names.Provider(providerId, partition);

        /// <summary>The claim an event is about: the one with that payer claim number (and CLP01 when known), else the first with the CLP01; or null.</summary>
        public LedgerClaim? Claim(PartitionKey partition, string? claimId, string? payerClaimNumber)
        {
            var account = ClaimKeys.Normalize(claimId);
            var icn = ClaimKeys.Normalize(payerClaimNumber);
            if (icn.Length > 0)
            {
                var claim = _ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.PayerClaimNumber, icn))
                    .FirstOrDefault(c => account.Length == 0 || ClaimKeys.Normalize(c.PatientControlNumber) == account);
                if (claim is not null) return claim;
            }
            return account.Length > 0 ? _ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.PatientControlNumber, account)).FirstOrDefault() : null;
        }

        /// <summary>
        /// The first date of service of the claim an item is about: the claim with that payer claim number (and CLP01, when
        /// both are known), else, for a recovery found in <paramref name="documentId"/>, a claim of that remittance with the CLP01.
        /// </summary>
        public DateOnly? ServiceDate(PartitionKey partition, string? claimId, string? payerClaimNumber, string? documentId)
        {
            var account = ClaimKeys.Normalize(claimId);
            var icn = ClaimKeys.Normalize(payerClaimNumber);
            if (icn.Length > 0)
            {
                var claims = _ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.PayerClaimNumber, icn));
                var claim = claims.FirstOrDefault(c => account.Length == 0 || ClaimKeys.Normalize(c.PatientControlNumber) == account);
                if (claim?.ServiceFrom is { } date) return date;
            }
            if (account.Length > 0 && documentId is not null)
            {
                var claim = _ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.PatientControlNumber, account)).FirstOrDefault(c => c.DocumentId == documentId);
                if (claim?.ServiceFrom is { } date) return date;
            }
            return null;
        }
    }

    private enum Column
    {
        Recouped,
        Collected,
        Refunded,
        OpenReceivables,
        Unmatched,
    }

    private sealed class Accumulator(string key)
    {
        public const string Everything = "All";
        private readonly ReportTally[] _tallies = new ReportTally[5];

        public void Add(Column column, decimal amount) => _tallies[(int)column] = _tallies[(int)column].Add(amount);

        public ReportTotals ToTotals() => new()
        {
            Key = key,
            Recouped = _tallies[(int)Column.Recouped],
            Collected = _tallies[(int)Column.Collected],
            Refunded = _tallies[(int)Column.Refunded],
            OpenReceivables = _tallies[(int)Column.OpenReceivables],
            Unmatched = _tallies[(int)Column.Unmatched],
        };
    }
}
