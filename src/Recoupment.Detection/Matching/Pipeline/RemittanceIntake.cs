using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>What intake decided about a remittance: seen before (the one event to emit), or new (and whether its trace number is reused).</summary>
internal readonly record struct IntakeResult(DuplicateRemittanceIgnored? Duplicate, bool TraceReused);

/// <summary>
/// Stage 1, remittance intake (R2, R29): the same remittance again is ignored with one
/// <see cref="DuplicateRemittanceIgnored"/>; the same trace number with other content is processed apart and flagged.
/// Its only memory is how many times each duplicate was seen, so that their event ids differ.
/// </summary>
internal sealed class RemittanceIntake(MatchingServices services)
{
    private readonly Dictionary<string, int> _duplicatesSeen = new(StringComparer.Ordinal);

    public IntakeResult Check(RemittanceDocument document)
    {
        if (services.Ledger.ContainsDocument(document.DocumentId))
        {
            var seen = _duplicatesSeen[document.DocumentId] = _duplicatesSeen.GetValueOrDefault(document.DocumentId) + 1;
            return new IntakeResult(new DuplicateRemittanceIgnored
            {
                EventId = EventIds.Create(document.DocumentId, $"duplicate:{seen}"),
                PayerId = document.Partition.PayerId,
                PayeeId = document.Partition.PayeeId,
                ProviderId = document.PayeeNpi,
                RemittanceTrace = document.Trace,
                RemittanceDate = document.Date,
                Amount = Math.Abs(document.TotalPayment),
                Note = "The same remittance (payer, trace number, amount, date and content) was already processed.",
            }, false);
        }
        var traceReused = document.Trace is { } trace && services.Ledger.FindDocumentsByTrace(document.Partition, trace).Count > 0;
        if (traceReused)
        {
            services.Report(document, DiagnosticCodes.TraceNumberReused, DiagnosticSeverity.Warning,
                "The trace number (TRN02) of this remittance was already used by a remittance with different content; it is processed as a separate remittance.");
        }
        return new IntakeResult(null, traceReused);
    }
}
