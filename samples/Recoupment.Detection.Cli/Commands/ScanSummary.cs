using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>A count of events (or ledger items) and the money they carry.</summary>
public sealed class Tally
{
    /// <summary>How many.</summary>
    public int Count { get; private set; }

    /// <summary>Their amounts added up (amounts are never negative).</summary>
    public decimal Amount { get; private set; }

    /// <summary>Counts one more item of <paramref name="amount"/>.</summary>
    public void Add(decimal amount)
    {
        Count++;
        Amount += amount;
    }

    /// <summary>The sum of several tallies.</summary>
    public static Tally Sum(params Tally[] tallies)
    {
        var sum = new Tally();
        foreach (var t in tallies)
        {
            sum.Count += t.Count;
            sum.Amount += t.Amount;
        }
        return sum;
    }
}

/// <summary>The money columns of one payer in the summary.</summary>
public sealed class PayerTotals
{
    /// <summary>ClaimRecoupment.</summary>
    public Tally Recouped { get; } = new();
    /// <summary>Refund family.</summary>
    public Tally Refunded { get; } = new();
    /// <summary>CrossClaimOffset, ForwardBalanceApplied and AffiliatedOffset.</summary>
    public Tally Offset { get; } = new();
    /// <summary>UnmatchedRecoupment not linked later in the run.</summary>
    public Tally Unmatched { get; } = new();
    /// <summary>What the ledger's open receivables still owe.</summary>
    public Tally OpenReceivables { get; } = new();
}

/// <summary>
/// The figures <c>recoup scan</c> prints, from the run's events (what was found) and the ledger (what is still open).
/// The rows overlap by design: a recoupment netted against other claims is both recouped and offset.
/// </summary>
public sealed class ScanSummary
{
    /// <summary>How many recoupments the "largest recoupments" list shows.</summary>
    public const int LargestCount = 5;

    /// <summary>ClaimRecoupment: money taken back on claims, whatever the mode.</summary>
    public Tally Recouped { get; } = new();
    /// <summary>Refund family: the provider returned the money (PLB 72, B2).</summary>
    public Tally Refunded { get; } = new();
    /// <summary>CrossClaimOffset: takebacks funded by other claims of the same remittance.</summary>
    public Tally CrossClaimOffsets { get; } = new();
    /// <summary>ForwardBalanceApplied: carried balances taken from a later payment.</summary>
    public Tally ForwardBalancesApplied { get; } = new();
    /// <summary>AffiliatedOffset: money taken from another provider under the same tax ID.</summary>
    public Tally AffiliatedOffsets { get; } = new();
    /// <summary>The three kinds of offset together.</summary>
    public Tally Offset => Tally.Sum(CrossClaimOffsets, ForwardBalancesApplied, AffiliatedOffsets);
    /// <summary>UnmatchedRecoupment events that no RecoupmentLinked of the run points back to.</summary>
    public Tally Unmatched { get; } = new();
    /// <summary>The ledger's open receivables: what they still owe.</summary>
    public Tally OpenReceivables { get; } = new();
    /// <summary>The ledger's unmatched recoveries still in suspense (from every run, with a durable ledger).</summary>
    public Tally Suspense { get; } = new();
    /// <summary>Matched reversals still inside their correction window: the payments they reversed.</summary>
    public Tally PendingReversals { get; } = new();
    /// <summary>BalancingError: the differences, without sign.</summary>
    public Tally BalancingErrors { get; } = new();
    /// <summary>DuplicateRemittanceIgnored for remittances read twice by this run: the BPR02 of each copy.</summary>
    public Tally Duplicates { get; } = new();
    /// <summary>DuplicateRemittanceIgnored for remittances the ledger held before the run (an earlier or interrupted run committed them): skipped.</summary>
    public Tally AlreadyInLedger { get; } = new();
    /// <summary>The same figures per payer key, in ordinal order.</summary>
    public SortedDictionary<string, PayerTotals> ByPayer { get; } = new(StringComparer.Ordinal);
    /// <summary>The largest ClaimRecoupment events, largest first (ties in processing order).</summary>
    public IReadOnlyList<ClaimRecoupment> Largest { get; private init; } = [];

    /// <summary>Adds up the events of a run and what the ledger still holds open.</summary>
    /// <param name="events">The run's events.</param>
    /// <param name="ledger">The ledger after the run.</param>
    /// <param name="heldBefore">True for a skipped remittance that the ledger held before the run; null when none did (a ledger in memory).</param>
    public static ScanSummary From(IReadOnlyList<RecoupmentEvent> events, IClaimLedger ledger, Func<DuplicateRemittanceIgnored, bool>? heldBefore = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(ledger);
        var summary = new ScanSummary { Largest = events.OfType<ClaimRecoupment>().OrderByDescending(e => e.Amount).Take(LargestCount).ToList() };

        var linked = events.OfType<RecoupmentLinked>().Select(e => e.RelatedEventId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case ClaimRecoupment:
                    Count(e, summary.Recouped, p => p.Recouped);
                    break;
                case RefundFamilyEvent:
                    Count(e, summary.Refunded, p => p.Refunded);
                    break;
                case CrossClaimOffset:
                    Count(e, summary.CrossClaimOffsets, p => p.Offset);
                    break;
                case ForwardBalanceApplied:
                    Count(e, summary.ForwardBalancesApplied, p => p.Offset);
                    break;
                case AffiliatedOffset:
                    Count(e, summary.AffiliatedOffsets, p => p.Offset);
                    break;
                case UnmatchedRecoupment when !linked.Contains(e.EventId):
                    Count(e, summary.Unmatched, p => p.Unmatched);
                    break;
                case BalancingError:
                    summary.BalancingErrors.Add(e.Amount);
                    break;
                case DuplicateRemittanceIgnored skipped when heldBefore?.Invoke(skipped) == true:
                    summary.AlreadyInLedger.Add(e.Amount);
                    break;
                case DuplicateRemittanceIgnored:
                    summary.Duplicates.Add(e.Amount);
                    break;
            }
        }
        foreach (var receivable in ledger.AllOpenReceivables())
        {
            summary.OpenReceivables.Add(receivable.Remaining);
            summary.Payer(receivable.Partition.PayerId).OpenReceivables.Add(receivable.Remaining);
        }
        foreach (var item in ledger.AllSuspense()) summary.Suspense.Add(item.Amount);
        foreach (var pending in ledger.PendingReversalsDueBefore(null, DateOnly.MaxValue))
        {
            summary.PendingReversals.Add(Math.Max(0, -pending.Reversal.Paid));
        }
        return summary;

        void Count(RecoupmentEvent e, Tally total, Func<PayerTotals, Tally> column)
        {
            total.Add(e.Amount);
            column(summary.Payer(e.PayerId)).Add(e.Amount);
        }
    }

    private PayerTotals Payer(string payerId)
    {
        if (!ByPayer.TryGetValue(payerId, out var totals)) ByPayer[payerId] = totals = new PayerTotals();
        return totals;
    }
}
