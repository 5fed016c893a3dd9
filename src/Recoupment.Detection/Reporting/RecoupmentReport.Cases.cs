using Recoupment.Detection.Cases;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Reporting;

public sealed partial record RecoupmentReport
{
    /// <summary>Recoupments of one procedure and cause for one provider closer together than this make a repeat pattern.</summary>
    public const int PatternWindowDays = 90;

    /// <summary>How many recoupments within <see cref="PatternWindowDays"/> make a repeat pattern.</summary>
    public const int PatternMinimum = 3;

    /// <summary>What the report takes from the claim behind an event: its procedures and its rendering provider.</summary>
    private readonly record struct ClaimFacts(IReadOnlyList<string> Procedures, string? RenderingProviderId)
    {
        public static readonly ClaimFacts None = new([], null);
    }

    private sealed partial class Builder
    {
        private readonly Dictionary<string, Accumulator> _procedures = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Accumulator> _rendering = new(StringComparer.Ordinal);
        private readonly Dictionary<(PartitionKey, string?, string?), ClaimFacts> _facts = [];
        private readonly Dictionary<(string Provider, string Procedure, RootCause Cause, string? Carc), List<(PatternClaim Claim, string? Payee)>> _patterns = [];
        private Dictionary<string, List<CaseEntry>>? _histories;

        private Dictionary<string, List<CaseEntry>> Histories => _histories ??= caseEntries
            .GroupBy(e => e.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        /// <summary>The procedures and rendering provider of the claim the event (or the event it follows from) is about.</summary>
        private ClaimFacts FactsOf(RecoupmentEvent e)
        {
            if (lookup is null) return ClaimFacts.None;
            RecoupmentEvent? current = e;
            for (var hops = 0; current is not null && hops < 8; current = Related(current), hops++)
            {
                var icn = current.OriginalPayerClaimNumber ?? current.PayerClaimNumber;
                if (icn is null && current.ClaimId is null) continue;
                var key = (new PartitionKey(current.PayerId, current.PayeeId), current.ClaimId, icn);
                if (!_facts.TryGetValue(key, out var facts))
                {
                    var claim = lookup.Claim(key.Item1, current.ClaimId, icn);
                    facts = claim is null ? ClaimFacts.None : new ClaimFacts(ProceduresOf(claim), claim.RenderingProviderId);
                    _facts[key] = facts;
                }
                if (facts.Procedures.Count > 0 || facts.RenderingProviderId is not null) return facts;
            }
            return ClaimFacts.None;
        }

        private static List<string> ProceduresOf(LedgerClaim claim) => claim.Lines
            .Where(l => l.Procedure.Length > 0)
            .Select(l => l.Modifiers.Length == 0 ? l.Procedure : string.Concat(l.Procedure, ":", l.Modifiers))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        /// <summary>Keeps a recoupment for the repeat patterns: per provider, procedure and cause (the root cause, else each CARC).</summary>
        private void NotePattern(RecoupmentEvent e, ClaimFacts facts)
        {
            if (e.RemittanceDate is not { } date || facts.Procedures.Count == 0) return;
            var provider = facts.RenderingProviderId ?? e.ProviderId;
            if (string.IsNullOrEmpty(provider)) return;
            var cause = RootCauseOf(e);
            var claim = new PatternClaim(e.EventId, e.ClaimId, e.OriginalPayerClaimNumber ?? e.PayerClaimNumber, date, e.Amount);
            foreach (var procedure in facts.Procedures)
            {
                if (cause != RootCause.Unknown)
                {
                    Add((provider, procedure, cause, null));
                    continue;
                }
                foreach (var carc in CarcsOf(e).Distinct(StringComparer.Ordinal)) Add((provider, procedure, RootCause.Unknown, carc));
            }

            void Add((string, string, RootCause, string?) key)
            {
                if (!_patterns.TryGetValue(key, out var list)) _patterns[key] = list = [];
                list.Add((claim, e.PayeeId));
            }
        }

        /// <summary>Per group, the most recoupments that fit in one window of <see cref="PatternWindowDays"/> days, when they are at least <see cref="PatternMinimum"/>.</summary>
        private List<RepeatPattern> Patterns()
        {
            var result = new List<RepeatPattern>();
            foreach (var (key, entries) in _patterns)
            {
                if (entries.Count < PatternMinimum) continue;
                var claims = entries.Select(x => x.Claim).OrderBy(c => c.Date).ThenBy(c => c.EventId, StringComparer.Ordinal).ToList();
                int bestStart = 0, bestCount = 0;
                for (int start = 0, end = 0; start < claims.Count; start++)
                {
                    while (end < claims.Count && claims[end].Date.DayNumber - claims[start].Date.DayNumber <= PatternWindowDays) end++;
                    if (end - start > bestCount) (bestStart, bestCount) = (start, end - start);
                }
                if (bestCount < PatternMinimum) continue;
                var window = claims.GetRange(bestStart, bestCount);
                result.Add(new RepeatPattern
                {
                    ProviderId = key.Provider,
                    ProviderName = lookup?.ProviderName(key.Provider, null),
                    Procedure = key.Procedure,
                    RootCause = key.Cause,
                    Carc = key.Carc,
                    Recouped = window.Aggregate(default(ReportTally), (t, c) => t.Add(c.Amount)),
                    First = window[0].Date,
                    Last = window[^1].Date,
                    Claims = window,
                });
            }
            return result
                .OrderByDescending(p => p.Recouped.Count)
                .ThenByDescending(p => p.Recouped.Amount)
                .ThenBy(p => p.ProviderId, StringComparer.Ordinal)
                .ThenBy(p => p.Procedure, StringComparer.Ordinal)
                .ThenBy(p => p.Cause, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>
        /// Adds a worklist item for every recoupment with an appeal deadline that is not already one: ClaimRecoupment
        /// events, and UnmatchedRecoupment events whose original arrived since (no longer in suspense; the case keeps its
        /// id). A deferred recoupment is its receivable's case: while the receivable is open that item stands for it (the
        /// same money is not listed twice); once collected or written off, it is listed as a recoupment under the same case
        /// id, so that its history carries on and it can still be appealed.
        /// </summary>
        private void AddRecoupments(List<WorklistItem> worklist)
        {
            var listed = worklist.Select(i => i.EventId).ToHashSet(StringComparer.Ordinal);
            var receivableOf = new Dictionary<string, ReceivableOpened>(StringComparer.Ordinal);
            foreach (var opened in events.OfType<ReceivableOpened>())
            {
                if (opened.RelatedEventId is { } related) receivableOf.TryAdd(related, opened);
            }
            foreach (var e in events)
            {
                if (e is not (ClaimRecoupment or UnmatchedRecoupment) || e.AppealDeadline is null || string.IsNullOrEmpty(e.EventId)) continue;
                var receivable = receivableOf.GetValueOrDefault(e.EventId);
                var caseEventId = receivable?.EventId ?? e.EventId;
                if (string.IsNullOrEmpty(caseEventId) || !listed.Add(caseEventId)) continue;
                var partition = new PartitionKey(e.PayerId, e.PayeeId);
                var original = e.OriginalPayerClaimNumber ?? e.PayerClaimNumber;
                worklist.Add(Cased(Dated(new WorklistItem
                {
                    Kind = WorklistItemKind.Recoupment,
                    PayerId = e.PayerId,
                    PayeeId = e.PayeeId,
                    ProviderId = e.ProviderId,
                    ClaimId = e.ClaimId,
                    ServiceDate = lookup?.ServiceDate(partition, e.ClaimId, original, null),
                    OriginalPayerClaimNumber = original,
                    OriginalPaidAmount = e.OriginalPaidAmount,
                    OriginalRemittanceTrace = e.OriginalRemittanceTrace,
                    RemittanceTrace = e.RemittanceTrace,
                    FoundDate = e.RemittanceDate,
                    PlbReasonCode = receivable?.PlbReasonCode ?? e.PlbReasonCode,
                    PlbReference = receivable?.PlbReference ?? e.PlbReference,
                    Amount = e.Amount,
                    Outstanding = e.Amount,
                    AppealDeadline = e.AppealDeadline,
                    RootCause = RootCauseOf(e),
                    CarcCodes = CarcsOf(e),
                    Detail = receivable is null ? RecoupmentDetail(e) : "Deferred recoupment, receivable closed",
                    EventId = caseEventId,
                })));
            }
        }

        private static string RecoupmentDetail(RecoupmentEvent e)
        {
            var what = e.Mode switch
            {
                RecoupmentMode.Immediate => "Recouped against the correction",
                RecoupmentMode.FullTakeback => "Full takeback",
                RecoupmentMode.NetDelta => "Negative payment (net delta)",
                RecoupmentMode.Deferred => "Deferred recoupment",
                RecoupmentMode.ProviderLevel => "Provider-level recovery",
                _ => "Recouped",
            };
            return e is UnmatchedRecoupment ? what + ", original found later" : what;
        }

        /// <summary>The item with its case's current status and latest note.</summary>
        private WorklistItem Cased(WorklistItem item)
        {
            if (!Histories.TryGetValue(item.CaseId, out var history) || history.Count == 0) return item;
            var latest = history[^1];
            return item with
            {
                CaseStatus = latest.Status,
                CaseNote = history.LastOrDefault(h => !string.IsNullOrEmpty(h.Note))?.Note,
                CaseChangedAt = latest.At,
                CaseChangedBy = latest.By,
            };
        }

        /// <summary>The items (open and closed) and, after them, the cases with a history whose item is no longer open.</summary>
        private List<WorklistItem> AllCases(List<WorklistItem> items)
        {
            var cases = new List<WorklistItem>(items);
            var seen = items.Select(i => i.CaseId).ToHashSet(StringComparer.Ordinal);
            foreach (var (caseId, history) in Histories)
            {
                if (seen.Contains(caseId)) continue;
                var eventId = history[0].EventId;
                var opened = _byId.GetValueOrDefault(eventId);
                cases.Add(Cased(new WorklistItem
                {
                    Kind = opened switch
                    {
                        UnmatchedRecoupment => WorklistItemKind.UnmatchedRecovery,
                        ClaimRecoupment => WorklistItemKind.Recoupment,
                        _ => WorklistItemKind.OpenReceivable,
                    },
                    PayerId = opened?.PayerId ?? "",
                    PayeeId = opened?.PayeeId ?? "",
                    ProviderId = opened?.ProviderId,
                    ClaimId = opened?.ClaimId,
                    OriginalPayerClaimNumber = opened?.OriginalPayerClaimNumber,
                    RemittanceTrace = opened?.RemittanceTrace,
                    FoundDate = opened?.RemittanceDate,
                    PlbReasonCode = opened?.PlbReasonCode,
                    PlbReference = opened?.PlbReference,
                    Amount = opened?.Amount ?? 0,
                    Outstanding = 0,
                    RootCause = opened is null ? RootCause.Unknown : RootCauseOf(opened),
                    CarcCodes = opened is null ? [] : CarcsOf(opened),
                    Detail = "No longer open",
                    EventId = eventId,
                }));
            }
            return cases;
        }

        private ReportOutcomes OutcomesOf(List<WorklistItem> cases)
        {
            var byStatus = Enum.GetValues<CaseStatus>()
                .Select(s => new CaseStatusTotal(s, cases.Where(c => c.CaseStatus == s).Aggregate(default(ReportTally), (t, c) => t.Add(c.Amount))))
                .ToList();
            var decided = cases.Where(c => c.CaseStatus is CaseStatus.Won or CaseStatus.Lost).ToList();
            return new ReportOutcomes
            {
                ByStatus = byStatus,
                AppealsByPayer = Results(decided, c => c.PayerId).Select(r => r with { Name = lookup?.PayerName(r.Key) }).ToList(),
                AppealsByRootCause = Results(decided, c => c.RootCause.ToString()),
                RecoveredByWonAppeals = decided.Where(c => c.CaseStatus == CaseStatus.Won).Aggregate(default(ReportTally), (t, c) => t.Add(c.Amount)),
            };
        }

        private static List<AppealResults> Results(List<WorklistItem> decided, Func<WorklistItem, string> key) => decided
            .GroupBy(key, StringComparer.Ordinal)
            .Select(g => new AppealResults(g.Key, null,
                g.Where(c => c.CaseStatus == CaseStatus.Won).Aggregate(default(ReportTally), (t, c) => t.Add(c.Amount)),
                g.Where(c => c.CaseStatus == CaseStatus.Lost).Aggregate(default(ReportTally), (t, c) => t.Add(c.Amount))))
            .OrderByDescending(r => r.Won.Count + r.Lost.Count)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }
}
