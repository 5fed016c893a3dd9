using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using static Recoupment.Detection.Matching.Pipeline.ClaimFacts;
using static Recoupment.Detection.Matching.Pipeline.MatchingServices;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>Money a remittance took back on one claim, for the cross-claim offsets (R11).</summary>
internal sealed record NettedTakeback(LedgerClaim Claim, decimal Amount, string? EventId, ReversalPlan? Pair);

/// <summary>What the claim events stage leaves for the stages after it.</summary>
internal sealed class ClaimOutcome(IReadOnlyList<NettedTakeback> netted, IReadOnlyDictionary<ReversalPlan, string> recoupments)
{
    /// <summary>Money taken back inside the remittance, in claim order.</summary>
    public IReadOnlyList<NettedTakeback> Netted { get; } = netted;

    /// <summary>The last recoupment (or unmatched recovery) event of a reversal, which a deferral's receivable points to.</summary>
    public string? RecoupmentEventOf(ReversalPlan pair) => recoupments.TryGetValue(pair, out var id) ? id : null;
}

/// <summary>
/// Stage 5, claim events: turns the claim plan into events, in claim order, and keeps the ledger's claims: reversals
/// and corrections (R9 deltas, R27 deferrals from the PLB plan), cancellations, net deltas (R10), late corrections of
/// pending reversals (R8 across remittances), duplicate payments (R28), and back-links of suspended recoveries (R22).
/// </summary>
internal sealed class ClaimEvents(MatchingServices services)
{
    private IClaimLedger Ledger => services.Ledger;

    public ClaimOutcome Emit(DocumentContext context, ClaimPlan plan, AdjustmentPlan adjustments)
    {
        var netted = new List<NettedTakeback>();
        var recoupments = new Dictionary<ReversalPlan, string>(ReferenceEqualityComparer.Instance);
        foreach (var claim in context.Document.Claims)
        {
            switch (plan.RoleOf(claim))
            {
                case ClaimRole.CancelledOriginal:
                    AddCancelledClaim(context, claim, plan.KeysOf(claim));
                    break;
                case ClaimRole.Reversal when plan.PairOf(claim) is { CancelsInRemittance: true } cancelled:
                    EmitCancellation(context, cancelled);
                    break;
                case ClaimRole.Reversal:
                    EmitReversal(context, plan.PairOf(claim)!, adjustments.DeferredAmount(plan.PairOf(claim)!), netted, recoupments);
                    break;
                case ClaimRole.NetDelta:
                    EmitNetDelta(context, claim, plan.NetDeltaOriginalOf(claim), netted);
                    break;
                case ClaimRole.Correction:
                    AddCorrection(claim, plan.KeysOf(claim), plan.PairOf(claim)!.Original);
                    break;
                case ClaimRole.Paid:
                    AddPaidClaim(context, claim, plan.KeysOf(claim));
                    break;
            }
        }
        return new ClaimOutcome(netted, recoupments);
    }

    // ---- Pay-then-reverse ---------------------------------------------------------------------------------------

    /// <summary>A payment that its own remittance reverses: kept in the ledger as reversed, so that nothing later pairs with it.</summary>
    private void AddCancelledClaim(DocumentContext context, LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        claim.State = LedgerClaimState.Reversed;
        claim.ReversedByDocumentId = context.Document.DocumentId;
        Ledger.AddClaim(claim, keys);
    }

    /// <summary>Pay-then-reverse in one remittance: the reversal's one outcome is a <see cref="ClaimReversed"/>; no money moved.</summary>
    private static void EmitCancellation(DocumentContext context, ReversalPlan pair)
    {
        var o = pair.Original!;
        var r = pair.Reversal;
        context.Add(new ClaimReversed
        {
            ClaimId = o.PatientControlNumber,
            PayerClaimNumber = o.PayerClaimNumber,
            OriginalPayerClaimNumber = o.PayerClaimNumber,
            OriginalRemittanceTrace = o.RemittanceTrace,
            OriginalPaidAmount = o.Paid,
            Amount = Math.Abs(r.Paid),
            Confidence = MatchConfidence.High,
            CarcCodes = r.Adjustments.Select(a => $"{a.Group}-{a.Reason}").Distinct().ToList(),
            Note = $"CancelledInRemittance: paid at claim {o.Position + 1} and reversed at claim {r.Position + 1} of this remittance; net 0.00, nothing was recouped.",
        });
    }

    // ---- Reversals (R9, R22, R27) -------------------------------------------------------------------------------

    private void EmitReversal(DocumentContext context, ReversalPlan pair, decimal deferredAmount, List<NettedTakeback> nettedTakebacks,
        Dictionary<ReversalPlan, string> recoupments)
    {
        var r = pair.Reversal;
        var o = pair.Original;
        var date = context.Document.Date;
        var (cause, carcs) = RootCauseClassifier.Classify(o, r, pair.Correction);
        var deadline = services.AppealDeadline(r.Partition.PayerId, r.FilingIndicator ?? o?.FilingIndicator, date);
        var appealNote = services.AppealNote(r.Partition.PayerId, r.FilingIndicator ?? o?.FilingIndicator, date);
        var lookback = services.LookbackViolation(r.Partition.PayerId, o?.RemittanceDate, date);

        string? reversalEventId = null;
        if (o is not null)
        {
            reversalEventId = context.Add(new ClaimReversed
            {
                ClaimId = o.PatientControlNumber,
                PayerClaimNumber = o.PayerClaimNumber,
                OriginalPayerClaimNumber = o.PayerClaimNumber,
                OriginalRemittanceTrace = o.RemittanceTrace,
                OriginalPaidAmount = o.Paid,
                Amount = Math.Abs(r.Paid),
                Confidence = pair.Confidence,
                RootCause = cause,
                CarcCodes = r.Adjustments.Select(a => $"{a.Group}-{a.Reason}").Distinct().ToList(),
                AppealDeadline = deadline,
                Note = pair.Variance,
            }).EventId;
            o.State = LedgerClaimState.Reversed;
            o.ReversedByDocumentId = context.Document.DocumentId;
            Ledger.UpdateClaim(o);
        }

        if (pair.Correction is { } c) EmitCorrection(context, pair, c, cause, carcs, reversalEventId);

        var takeback = pair.Correction is null ? Math.Max(0, -r.Paid) : pair.Takeback;
        // What this remittance netted: the pair's net takeback, or the whole reversal when its correction was paid elsewhere;
        // a deferral in the same remittance (R27) keeps its part out of the netting.
        var deferred = Math.Min(deferredAmount, takeback);
        var netted = Math.Max(0, (pair.Correction is null || pair.CorrectionIsEarlier ? Math.Max(0, -r.Paid) : takeback) - deferred);
        var nettedMode = pair.Correction is null ? RecoupmentMode.FullTakeback : RecoupmentMode.Immediate;
        if (takeback == 0)
        {
            if (netted > 0) nettedTakebacks.Add(new NettedTakeback(r, netted, reversalEventId, pair));
            if (o is null && pair.Correction is null)
            {
                services.Report(context.Document, Diagnostics.DiagnosticCodes.ZeroReversalWithoutOriginal, Diagnostics.DiagnosticSeverity.Info,
                    $"The reversal at claim {r.Position + 1} takes back nothing and its original is not in the ledger; no event was emitted.");
            }
            return;
        }
        var subject = pair.Correction ?? r;
        // A deferral smaller than the takeback splits it: the rest was taken now.
        (decimal Amount, RecoupmentMode Mode)[] parts = deferred == 0 ? [(takeback, nettedMode)]
            : deferred < takeback ? [(takeback - deferred, nettedMode), (deferred, RecoupmentMode.Deferred)]
            : [(takeback, RecoupmentMode.Deferred)];
        string? nettedEventId = null;

        if (o is null)
        {
            // Never silent (R22): the reversal carries the original amounts, so the takeback is known even without the original.
            foreach (var (amount, mode) in parts)
            {
                var unmatched = context.Add(new UnmatchedRecoupment
                {
                    ClaimId = r.PatientControlNumber,
                    PayerClaimNumber = r.PayerClaimNumber,
                    OriginalPayerClaimNumber = r.PayerClaimNumber,
                    OriginalPaidAmount = pair.OriginalPaid,
                    Amount = amount,
                    Mode = mode,
                    Confidence = pair.Confidence,
                    RootCause = cause,
                    CarcCodes = carcs,
                    AppealDeadline = deadline,
                    Reason = UnmatchedReason.OriginalNotInLedger,
                    Note = Join("The original claim is not in the ledger; the amount is implied by the reversal.", appealNote),
                });
                recoupments[pair] = unmatched.EventId;
                if (mode != RecoupmentMode.Deferred) nettedEventId = unmatched.EventId;
                services.Suspend(context, unmatched, [.. Numbers(r.PayerClaimNumber, r.OriginalReference), .. ServiceKeys(r)]);
            }
        }
        else if (pair.Correction is null && !services.Options.ImmediateFullTakeback && deferred == 0)
        {
            // R9: a full takeback only once the correction window ends without a correction (TimeRules).
            var pending = new PendingReversal
            {
                Partition = r.Partition,
                Reversal = r,
                OriginalClaimId = o.Id > 0 ? o.Id : null,
                OriginalPaid = o.Paid,
                OriginalRemittanceTrace = o.RemittanceTrace,
                ReversalEventId = reversalEventId!,
                DueDate = context.Document.EffectiveDate.AddDays(services.Options.CorrectionWindowDays),
            };
            Ledger.AddPendingReversal(pending, [.. Numbers(r.PayerClaimNumber, o.PayerClaimNumber), .. ServiceKeys(r)]);
        }
        else
        {
            foreach (var (amount, mode) in parts)
            {
                var recoupment = context.Add(new ClaimRecoupment
                {
                    ClaimId = subject.PatientControlNumber,
                    PayerClaimNumber = subject.PayerClaimNumber,
                    OriginalPayerClaimNumber = o.PayerClaimNumber,
                    OriginalRemittanceTrace = o.RemittanceTrace,
                    OriginalPaidAmount = o.Paid,
                    Amount = amount,
                    Mode = mode,
                    Confidence = pair.Confidence,
                    RootCause = cause,
                    CarcCodes = carcs,
                    AppealDeadline = deadline,
                    RelatedEventId = reversalEventId,
                    LookbackViolation = lookback,
                    Note = Join(pair.CorrectionIsEarlier ? $"Correction in remittance {subject.RemittanceTrace}, reversal in this one." : null, lookback, appealNote),
                });
                recoupments[pair] = recoupment.EventId;
                if (mode != RecoupmentMode.Deferred) nettedEventId = recoupment.EventId;
            }
        }
        if (netted > 0) nettedTakebacks.Add(new NettedTakeback(r, netted, nettedEventId ?? reversalEventId, pair));
    }

    /// <summary>R8, R9: the correction of a reversal of this remittance (or, <see cref="ReversalPlan.CorrectionIsEarlier"/>, of an earlier one).</summary>
    private void EmitCorrection(DocumentContext context, ReversalPlan pair, LedgerClaim c, RootCause cause, IReadOnlyList<string> carcs, string? reversalEventId)
    {
        var o = pair.Original;
        var r = pair.Reversal;
        var delta = pair.Delta;
        if (pair.CorrectionIsEarlier && o is not null)
        {
            c.CorrectionOfClaimId = o.Id;
            Ledger.UpdateClaim(c);
        }
        context.Add(new ClaimCorrected
        {
            ClaimId = c.PatientControlNumber,
            PayerClaimNumber = c.PayerClaimNumber,
            OriginalPayerClaimNumber = o?.PayerClaimNumber ?? r.PayerClaimNumber,
            OriginalRemittanceTrace = o?.RemittanceTrace,
            OriginalPaidAmount = pair.OriginalPaid,
            Amount = c.Paid,
            Delta = delta,
            Confidence = pair.Confidence,
            RootCause = cause,
            CarcCodes = carcs,
            RelatedEventId = reversalEventId,
            Note = pair.CorrectionIsEarlier
                ? $"Delta {Money(delta)}; the correction came in remittance {c.RemittanceTrace}."
                : $"Delta {Money(delta)}.",
        });
        if (delta <= 0) return;
        context.Add(new ClaimAdditionalPayment
        {
            ClaimId = c.PatientControlNumber,
            PayerClaimNumber = c.PayerClaimNumber,
            OriginalPayerClaimNumber = o?.PayerClaimNumber ?? r.PayerClaimNumber,
            OriginalRemittanceTrace = o?.RemittanceTrace,
            OriginalPaidAmount = pair.OriginalPaid,
            Amount = delta,
            Confidence = pair.Confidence,
            RootCause = cause,
            RelatedEventId = reversalEventId,
            Note = ReversedOnAppealNote(o),
        });
    }

    // ---- Net deltas (R10) ---------------------------------------------------------------------------------------

    private void EmitNetDelta(DocumentContext context, LedgerClaim claim, LedgerClaim? original, List<NettedTakeback> netted)
    {
        var amount = -claim.Paid;
        var date = context.Document.Date;
        var deadline = services.AppealDeadline(claim.Partition.PayerId, claim.FilingIndicator, date);
        // The CAS of a net-delta claim are the change itself, not a re-adjudication to compare with the original.
        var (cause, carcs) = RootCauseClassifier.Classify(null, null, claim);
        string eventId;
        if (original is null)
        {
            var unmatched = context.Add(new UnmatchedRecoupment
            {
                ClaimId = claim.PatientControlNumber,
                PayerClaimNumber = claim.PayerClaimNumber,
                Amount = amount,
                Mode = RecoupmentMode.NetDelta,
                Confidence = MatchConfidence.Medium,
                RootCause = cause,
                CarcCodes = carcs,
                AppealDeadline = deadline,
                Reason = UnmatchedReason.OriginalNotInLedger,
                Note = "Negative claim payment without a reversal (non-compliant net-delta adjustment); the original is not in the ledger.",
            });
            services.Suspend(context, unmatched, Numbers(claim.PayerClaimNumber, claim.OriginalReference));
            eventId = unmatched.EventId;
        }
        else
        {
            var lookback = services.LookbackViolation(claim.Partition.PayerId, original.RemittanceDate, date);
            eventId = context.Add(new ClaimRecoupment
            {
                ClaimId = claim.PatientControlNumber,
                PayerClaimNumber = claim.PayerClaimNumber,
                OriginalPayerClaimNumber = original.PayerClaimNumber,
                OriginalRemittanceTrace = original.RemittanceTrace,
                OriginalPaidAmount = original.Paid,
                Amount = amount,
                Mode = RecoupmentMode.NetDelta,
                Confidence = MatchConfidence.Medium,
                RootCause = cause,
                CarcCodes = carcs,
                AppealDeadline = deadline,
                LookbackViolation = lookback,
                Note = Join("Negative claim payment without a reversal (non-compliant net-delta adjustment).", lookback),
            }).EventId;
        }
        netted.Add(new NettedTakeback(claim, amount, eventId, null));
    }

    // ---- Claims into the ledger ----------------------------------------------------------------------------------

    private void AddCorrection(LedgerClaim correction, IReadOnlyCollection<ClaimKey> keys, LedgerClaim? original)
    {
        if (original is not null && original.Id > 0) correction.CorrectionOfClaimId = original.Id;
        Ledger.AddClaim(correction, keys);
    }

    /// <summary>An ordinary paid or denied claim: maybe the late correction of a pending reversal (R8), maybe a second payment (R28); then into the ledger, and back-link suspended recoveries (R22).</summary>
    private void AddPaidClaim(DocumentContext context, LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        var date = context.Document.EffectiveDate;

        PendingReversal? pending = null;
        foreach (var key in keys)
        {
            if (key.Kind is not (ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.OriginalReference or ClaimKeyKind.ServiceKey)) continue;
            foreach (var candidate in Ledger.FindPendingReversals(claim.Partition, key.Value))
            {
                if (candidate.Reversal.RemittanceDate is { } d && (d > date || date > candidate.DueDate)) continue;
                if (pending is null || candidate.Id < pending.Id) pending = candidate;
            }
        }
        if (pending is not null)
        {
            LinkLateCorrection(context, claim, pending);
            Ledger.AddClaim(claim, keys);
            return;
        }

        if (claim.Paid > 0 && EarlierPaymentOf(claim, keys) is { } earlier)
        {
            claim.PossibleDuplicate = true;
            context.Add(new PossibleDuplicatePayment
            {
                ClaimId = claim.PatientControlNumber,
                PayerClaimNumber = claim.PayerClaimNumber,
                OriginalPayerClaimNumber = earlier.PayerClaimNumber,
                OriginalRemittanceTrace = earlier.RemittanceTrace,
                OriginalPaidAmount = earlier.Paid,
                Amount = claim.Paid,
                RootCause = RootCause.Duplicate,
                Note = ClaimKeys.Normalize(earlier.PayerClaimNumber) == ClaimKeys.Normalize(claim.PayerClaimNumber)
                    ? $"The same claim (payer claim number, amounts and dates of service) was already paid in remittance {earlier.RemittanceTrace}; a recoupment is likely to follow."
                    : "The same service (patient control number, date of service and charge) was already paid under another payer claim number; a recoupment is likely to follow.",
            });
        }

        Ledger.AddClaim(claim, keys);
        BackLink(context, claim, keys);
    }

    /// <summary>
    /// R28: an active earlier payment of the same service (CLP01, first date of service, charge) in another remittance:
    /// under another CLP07 (unless REF*F8 names it: a correction whose reversal comes later), or under the same CLP07
    /// with the same status, amounts and dates in a remittance of another trace number (a same-ICN correction pays otherwise).
    /// </summary>
    private LedgerClaim? EarlierPaymentOf(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        string? number = null, replaces = null; // normalised only when there is an earlier payment to compare with
        foreach (var key in keys)
        {
            if (key.Kind != ClaimKeyKind.DuplicateKey) continue;
            foreach (var c in Ledger.FindClaims(claim.Partition, key))
            {
                if (c.State != LedgerClaimState.Active || c.Paid <= 0 || c.CorrectionOfClaimId is not null || c.DocumentId == claim.DocumentId) continue;
                number ??= ClaimKeys.Normalize(claim.PayerClaimNumber);
                replaces ??= ClaimKeys.Normalize(claim.OriginalReference);
                var earlier = ClaimKeys.Normalize(c.PayerClaimNumber);
                if (earlier == replaces) continue;
                if (earlier != number || IsPaidAgain(c, claim)) return c;
            }
        }
        return null;
    }

    private static bool IsPaidAgain(LedgerClaim earlier, LedgerClaim claim) =>
        earlier.RemittanceTrace != claim.RemittanceTrace && earlier.Paid == claim.Paid && earlier.Charge == claim.Charge
        && earlier.ServiceFrom == claim.ServiceFrom && earlier.ServiceTo == claim.ServiceTo && earlier.StatusCode == claim.StatusCode;

    private void LinkLateCorrection(DocumentContext context, LedgerClaim correction, PendingReversal pending)
    {
        Ledger.RemovePendingReversal(pending);
        var original = pending.OriginalClaimId is { } id ? Ledger.GetClaim(id) : null;
        if (original is not null) correction.CorrectionOfClaimId = original.Id;
        var pair = new ReversalPlan { Reversal = pending.Reversal, Correction = correction, Original = original };
        var (cause, carcs) = RootCauseClassifier.Classify(original, pending.Reversal, correction);
        var delta = pair.Delta;
        context.Add(new ClaimCorrected
        {
            ClaimId = correction.PatientControlNumber,
            PayerClaimNumber = correction.PayerClaimNumber,
            OriginalPayerClaimNumber = original?.PayerClaimNumber ?? pending.Reversal.PayerClaimNumber,
            OriginalRemittanceTrace = pending.OriginalRemittanceTrace,
            OriginalPaidAmount = pending.OriginalPaid,
            Amount = correction.Paid,
            Delta = delta,
            Confidence = MatchConfidence.High,
            RootCause = cause,
            CarcCodes = carcs,
            RelatedEventId = pending.ReversalEventId,
            Note = $"Delta {Money(delta)}; the reversal came in remittance {pending.Reversal.RemittanceTrace}.",
        });
        if (delta > 0)
        {
            context.Add(new ClaimAdditionalPayment
            {
                ClaimId = correction.PatientControlNumber,
                PayerClaimNumber = correction.PayerClaimNumber,
                OriginalPayerClaimNumber = original?.PayerClaimNumber,
                OriginalRemittanceTrace = pending.OriginalRemittanceTrace,
                OriginalPaidAmount = pending.OriginalPaid,
                Amount = delta,
                Confidence = MatchConfidence.High,
                RootCause = cause,
                RelatedEventId = pending.ReversalEventId,
                Note = ReversedOnAppealNote(original),
            });
        }
        else if (delta < 0)
        {
            var lookback = services.LookbackViolation(correction.Partition.PayerId, original?.RemittanceDate, pending.Reversal.RemittanceDate);
            context.Add(new ClaimRecoupment
            {
                ClaimId = correction.PatientControlNumber,
                PayerClaimNumber = correction.PayerClaimNumber,
                OriginalPayerClaimNumber = original?.PayerClaimNumber ?? pending.Reversal.PayerClaimNumber,
                OriginalRemittanceTrace = pending.OriginalRemittanceTrace,
                OriginalPaidAmount = pending.OriginalPaid,
                Amount = -delta,
                Mode = RecoupmentMode.Immediate,
                Confidence = MatchConfidence.High,
                RootCause = cause,
                CarcCodes = carcs,
                AppealDeadline = services.AppealDeadline(correction.Partition.PayerId, correction.FilingIndicator, pending.Reversal.RemittanceDate),
                RelatedEventId = pending.ReversalEventId,
                LookbackViolation = lookback,
                Note = Join($"Reversal in remittance {pending.Reversal.RemittanceTrace}, correction in this one.", lookback),
            });
        }
    }

    /// <summary>
    /// §8 scenario 40: the claim now re-adjudicated in the provider's favour was itself the correction of a claim that
    /// paid more, so the money this pays back had been recouped (typically an appeal won). The earlier
    /// <see cref="ClaimRecoupment"/> is the one whose payer claim number is that correction's.
    /// </summary>
    private string? ReversedOnAppealNote(LedgerClaim? reversed)
    {
        if (reversed?.CorrectionOfClaimId is not { } id || Ledger.GetClaim(id) is not { } before || before.Paid <= reversed.Paid) return null;
        return $"RecoupmentReversedOnAppeal: the {Money(before.Paid - reversed.Paid)} recouped when {before.PayerClaimNumber} was corrected to {reversed.PayerClaimNumber} (remittance {reversed.RemittanceTrace}) is paid back.";
    }

    /// <summary>R22: a claim that arrives after a recovery that could not find it (a backfill of older files) links that recovery.</summary>
    private void BackLink(DocumentContext context, LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        HashSet<long>? linked = null;
        foreach (var key in keys)
        {
            if (key.Kind is not (ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.PatientControlNumber or ClaimKeyKind.ServiceKey)) continue;
            foreach (var item in Ledger.FindSuspense(claim.Partition, key.Value))
            {
                // Only an older payment can be the original of a recovery; a later claim with the same number is its correction.
                if (!(linked ??= []).Add(item.Id) || claim.RemittanceDate is not { } paid || item.RemittanceDate is not { } recovered || paid >= recovered) continue;
                Ledger.RemoveSuspense(item);
                context.Add(new RecoupmentLinked
                {
                    ClaimId = claim.PatientControlNumber,
                    PayerClaimNumber = claim.PayerClaimNumber,
                    OriginalPayerClaimNumber = claim.PayerClaimNumber,
                    OriginalRemittanceTrace = claim.RemittanceTrace,
                    OriginalPaidAmount = claim.Paid,
                    Amount = item.Amount,
                    PlbReasonCode = item.PlbReasonCode,
                    PlbReference = item.PlbReference,
                    Confidence = MatchConfidence.High,
                    RelatedEventId = item.EventId,
                    Note = $"The original of the recovery in remittance {item.RemittanceTrace} ({item.RemittanceDate:yyyy-MM-dd}) arrived.",
                });
            }
        }
    }
}
