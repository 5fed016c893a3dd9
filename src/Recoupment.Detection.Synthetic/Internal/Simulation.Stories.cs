using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Synthetic.Internal;

internal sealed partial class Simulation
{
    private const string WriteOffText = "PAYER WRITE OFF";

    // ---- Expected events (docs/matching.md) -----------------------------------------------------------------------

    /// <summary>An event about a claim (CLP01, CLP07), optionally with the original paid claim it concerns.</summary>
    private static T OnClaim<T>(SimClaim claim, decimal amount, SimClaim? original = null, RecoupmentMode mode = RecoupmentMode.None)
        where T : RecoupmentEvent, new() => new()
    {
        ClaimId = claim.Pcn,
        PayerClaimNumber = claim.Icn,
        OriginalPayerClaimNumber = original?.Icn,
        OriginalRemittanceTrace = original?.Trace,
        OriginalPaidAmount = original?.Paid,
        Amount = amount,
        Mode = mode,
        ProviderId = claim.Provider.Npi,
    };

    /// <summary>An event of a PLB entry, about a claim when the entry is matched to one.</summary>
    private static T OnPlb<T>(SimPlb entry, decimal amount, SimClaim? claim = null, RecoupmentMode mode = RecoupmentMode.None)
        where T : RecoupmentEvent, new() => new()
    {
        ClaimId = claim?.Pcn,
        PayerClaimNumber = claim?.Icn,
        OriginalPayerClaimNumber = claim?.Icn,
        OriginalRemittanceTrace = claim?.Trace,
        OriginalPaidAmount = claim?.Paid,
        Amount = amount,
        Mode = mode,
        ProviderId = entry.ProviderId,
        PlbReasonCode = entry.Code,
        PlbReference = entry.Reference,
    };

    private static SimPlb Plb(SimRemittance remittance, string code, string reference, decimal amount, int order = 0)
    {
        var entry = new SimPlb { Code = code, Reference = reference, Amount = amount, ProviderId = remittance.Provider.Npi, Order = order };
        remittance.Adjustments.Add(entry);
        return entry;
    }

    private static void Expect(ClaimUnit unit, Func<RecoupmentEvent> make, string? notDeterminable = null) => unit.Expected.Add(new PendingEvent(make, notDeterminable));

    private static void Expect(SimPlb entry, Func<RecoupmentEvent> make) => entry.Expected.Add(new PendingEvent(make));

    // ---- Which story a paid claim gets ---------------------------------------------------------------------------

    private void PlanStory(SimClaim claim, SimRemittance paidIn, int day)
    {
        var payer = paidIn.Payer;
        var r = _rng.NextDouble() / _options.StoryRate;
        double edge = 0;
        bool Next(double p) => r < (edge += p);

        if (Next(0.030)) ReversalWithCorrection(claim, payer, day + Between(7, 60), _rng.NextDouble() switch
        {
            < 0.55 => CorrectionKind.Down,
            < 0.85 => CorrectionKind.Up,
            _ => CorrectionKind.Same,
        });
        else if (Next(0.008)) ReversalWithCorrection(claim, payer, day + Between(7, 60), CorrectionKind.Denied);
        else if (Next(0.012)) FullTakeback(claim, payer, day + Between(7, 90));
        else if (Next(0.008)) LateCorrection(claim, payer, day + Between(7, 60));
        else if (Next(0.015)) Deferred(claim, payer, day + Between(7, 50));
        else if (Next(0.010)) LetterRecovery(claim, payer, day + Between(15, 90));
        else if (Next(0.004)) RefundLetter(claim, payer, day + Between(20, 90));
        else if (Next(0.004)) Duplicate(claim, payer, day + Between(5, 25));
        else if (Next(0.003)) NetDeltaStory(claim, payer, day + Between(10, 60));
        else if (Next(0.008)) Interest(claim, paidIn);
    }

    // ---- Reversals ----------------------------------------------------------------------------------------------

    /// <summary>Reversal and correction in one remittance (R8/R9): recoupment netted now, or an additional payment.</summary>
    private void ReversalWithCorrection(SimClaim original, SimPayer payer, int day, CorrectionKind kind, bool appeal = false)
    {
        if (At(day, payer, original.Provider) is not { } remittance) return;
        var reversal = Reverse(original);
        var correction = Correct(payer, original, kind);
        // Non-compliant but tolerated (RFI-288): a correction labelled 22 with positive amounts.
        var relabelled = !appeal && correction.Paid > 0 && Chance(0.02);
        if (relabelled) correction = Relabel(correction, "22");
        var unit = new ClaimUnit();
        if (Chance(0.1)) unit.Claims.AddRange([correction, reversal]); // RFI-791 says reversal first; tolerated either way
        else unit.Claims.AddRange([reversal, correction]);
        remittance.Units.Add(unit);
        ExpectReversalPair(unit, original, reversal, correction, deferred: false);

        if (appeal && correction.Paid > original.Paid)
        {
            // The appeal was won: interest on the re-adjudicated claim, referencing its ICN (scenario 40).
            Interest(correction, remittance);
        }
        else if (!appeal && !relabelled && correction.Paid > 0 && correction.Paid < original.Paid && Chance(0.15))
        {
            // R7 version chain: the provider appeals the lower payment; later the correction itself is reversed and
            // re-adjudicated (original -> reversed -> corrected -> reversed again -> corrected).
            ReversalWithCorrection(correction, payer, DayOf(remittance) + Between(20, 60), CorrectionKind.Up, appeal: true);
        }
    }

    private static SimClaim Relabel(SimClaim c, string status) => new()
    {
        Pcn = c.Pcn, Status = status, Charge = c.Charge, Paid = c.Paid, PatientResponsibility = c.PatientResponsibility, FilingIndicator = c.FilingIndicator,
        Icn = c.Icn, OriginalReference = c.OriginalReference, Patient = c.Patient, Provider = c.Provider, ServiceDate = c.ServiceDate, Lines = c.Lines,
        ClaimAdjustments = c.ClaimAdjustments, Pooled = false,
    };

    /// <summary>ClaimReversed, ClaimCorrected, and the recoupment (Immediate, or Deferred) or the additional payment.</summary>
    private static void ExpectReversalPair(ClaimUnit unit, SimClaim original, SimClaim reversal, SimClaim? correction, bool deferred)
    {
        Expect(unit, () => OnClaim<ClaimReversed>(original, original.Paid, original));
        if (correction is null)
        {
            if (deferred) Expect(unit, () => OnClaim<ClaimRecoupment>(reversal, original.Paid, original, RecoupmentMode.Deferred));
            return;
        }
        var delta = correction.Paid - original.Paid;
        Expect(unit, () => OnClaim<ClaimCorrected>(correction, correction.Paid, original));
        if (delta > 0)
        {
            Expect(unit, () => OnClaim<ClaimAdditionalPayment>(correction, delta, original));
        }
        else if (delta < 0)
        {
            Expect(unit, () => OnClaim<ClaimRecoupment>(correction, -delta, original, deferred ? RecoupmentMode.Deferred : RecoupmentMode.Immediate));
            if (!deferred)
            {
                unit.NettedClaim = reversal;
                unit.NettedAmount = -delta;
            }
        }
    }

    /// <summary>A reversal without correction: the whole payment is taken back once the 60-day correction window ends.</summary>
    private void FullTakeback(SimClaim original, SimPayer payer, int day, string? notDeterminable = null)
    {
        if (At(day, payer, original.Provider) is not { } remittance) return;
        var reversal = Reverse(original);
        var unit = new ClaimUnit { NettedClaim = reversal, NettedAmount = original.Paid };
        unit.Claims.Add(reversal);
        remittance.Units.Add(unit);
        Expect(unit, () => OnClaim<ClaimReversed>(original, original.Paid, original));
        Expect(unit, () => OnClaim<ClaimRecoupment>(reversal, original.Paid, original, RecoupmentMode.FullTakeback),
            notDeterminable ?? TakebackDeterminability(DayOf(remittance)));
    }

    /// <summary>A reversal now and its correction in a later remittance, within the 60-day window (R8 across remittances).</summary>
    private void LateCorrection(SimClaim original, SimPayer payer, int day)
    {
        if (At(day, payer, original.Provider) is not { } remittance) return;
        var correctionDay = DayOf(remittance) + Between(5, 45);
        var later = At(correctionDay, payer, original.Provider);
        if (later is null)
        {
            // The correction would come after the span: to the corpus this is a reversal whose window is still open.
            FullTakebackAt(remittance, original);
            return;
        }
        var reversal = Reverse(original);
        var unit = new ClaimUnit { NettedClaim = reversal, NettedAmount = original.Paid };
        unit.Claims.Add(reversal);
        remittance.Units.Add(unit);
        Expect(unit, () => OnClaim<ClaimReversed>(original, original.Paid, original));

        var kind = _rng.NextDouble() switch { < 0.5 => CorrectionKind.Down, < 0.8 => CorrectionKind.Up, < 0.9 => CorrectionKind.Same, _ => CorrectionKind.Denied };
        var correction = Correct(payer, original, kind);
        // A late correction is an ordinary claim of its remittance: its payment funds that remittance's takebacks.
        correction.Pooled = correction.Paid > 0;
        var corrected = new ClaimUnit();
        corrected.Claims.Add(correction);
        later.Units.Add(corrected);
        var delta = correction.Paid - original.Paid;
        Expect(corrected, () => OnClaim<ClaimCorrected>(correction, correction.Paid, original));
        if (delta > 0) Expect(corrected, () => OnClaim<ClaimAdditionalPayment>(correction, delta, original));
        else if (delta < 0) Expect(corrected, () => OnClaim<ClaimRecoupment>(correction, -delta, original, RecoupmentMode.Immediate));
    }

    private void FullTakebackAt(SimRemittance remittance, SimClaim original)
    {
        var reversal = Reverse(original);
        var unit = new ClaimUnit { NettedClaim = reversal, NettedAmount = original.Paid };
        unit.Claims.Add(reversal);
        remittance.Units.Add(unit);
        Expect(unit, () => OnClaim<ClaimReversed>(original, original.Paid, original));
        Expect(unit, () => OnClaim<ClaimRecoupment>(reversal, original.Paid, original, RecoupmentMode.FullTakeback), TakebackDeterminability(DayOf(remittance)));
    }

    // ---- Deferred recoupment (TR3 §1.10.2.17 option 3; Medicare two-step) -------------------------------------------

    /// <summary>
    /// Reversal (and usually a lower correction) whose takeback is deferred: WO(−) with the ICN as reference (X12), or
    /// for Medicare FB(−) with ICN (19, padded) + PCN. Collected later, sometimes in parts, by the same or an affiliated
    /// provider; or settled by the provider's check (72), an unsolicited refund (B2), or written off by the payer (CS).
    /// </summary>
    private void Deferred(SimClaim original, SimPayer payer, int day)
    {
        if (At(day, payer, original.Provider) is not { } remittance) return;
        var reversal = Reverse(original);
        var correction = Chance(0.8) ? Correct(payer, original, CorrectionKind.Down) : null;
        var takeback = original.Paid - (correction?.Paid ?? 0);
        if (takeback <= 0) correction = null;
        takeback = original.Paid - (correction?.Paid ?? 0);
        var unit = new ClaimUnit();
        unit.Claims.Add(reversal);
        if (correction is not null) unit.Claims.Add(correction);
        remittance.Units.Add(unit);
        ExpectReversalPair(unit, original, reversal, correction, deferred: true);

        if (payer.Kind == PayerKind.Medicare)
        {
            var reference = MedicareReference(original);
            var opened = Plb(remittance, "FB", reference, -takeback);
            opened.OpensForwardBalance = true;
            Expect(opened, () => OnPlb<ForwardBalanceCreated>(opened, takeback, original));
            Expect(opened, () => OnPlb<ReceivableOpened>(opened, takeback, original, RecoupmentMode.Deferred));
            // About 41 days later the WO(+) with the same reference takes it (demand letter timing), sometimes in two parts.
            var next = DayOf(remittance) + Between(38, 45);
            if (Chance(0.8)) Collect(payer, original, original.Provider, reference, takeback, takeback, next, "WO", takeback);
            else
            {
                var first = Part(takeback, 0.4, 0.6);
                if (!Collect(payer, original, original.Provider, reference, takeback, takeback, next, "WO", first)) return;
                Collect(payer, original, original.Provider, reference, takeback, takeback - first, next + Between(20, 40), "WO", takeback - first);
            }
            return;
        }

        var wo = Plb(remittance, "WO", original.Icn, -takeback);
        Expect(wo, () => OnPlb<ReceivableOpened>(wo, takeback, original, RecoupmentMode.Deferred));
        PlanCollections(payer, original, original.Icn, takeback, DayOf(remittance));
    }

    private static string MedicareReference(SimClaim claim) => claim.Icn.PadRight(19) + claim.Pcn;

    /// <summary>How an X12 WO receivable is settled: collections in parts, partly by an affiliate, a refund, a write-off, or over-collection with interest.</summary>
    private void PlanCollections(SimPayer payer, SimClaim original, string reference, decimal amount, int day)
    {
        var remaining = amount;
        var owner = original.Provider;
        var ending = _rng.NextDouble() switch { < 0.45 => "parts", < 0.62 => "affiliate", < 0.72 => "refund", < 0.8 => "rebate", < 0.9 => "writeoff", _ => "over" };
        var parts = ending is "parts" or "affiliate" or "over" ? Between(1, 3) : Between(0, 1);
        for (var i = 0; i < parts; i++)
        {
            day += Between(10, 35);
            var last = i == parts - 1 && ending is "parts" or "affiliate" or "over";
            var part = last ? remaining : Math.Min(remaining - 0.01m, Part(remaining, 0.3, 0.6));
            if (part <= 0) break;
            var collector = ending == "affiliate" && Chance(0.6) ? Affiliate(owner) ?? owner : owner;
            var code = !ReferenceEquals(collector, owner) && Chance(0.4) ? "OB" : "WO";
            var taken = last && ending == "over" ? part + Money(1, 15) : part;
            if (!Collect(payer, original, collector, reference, amount, remaining, day, code, taken, interest: last && ending == "over")) return;
            remaining -= part;
        }
        if (remaining <= 0) return;
        day += Between(10, 35);
        if (At(day, payer, owner) is not { } settled) return;
        var settle = remaining;
        switch (ending)
        {
            case "refund":
            {
                // The provider mailed a check: WO(+) and 72(−), same reference and amount, net zero (RFI-325).
                Plb(settled, "WO", reference, settle, order: -1);
                var refund = Plb(settled, "72", reference, -settle, order: -1);
                Expect(refund, () => OnPlb<RefundAcknowledged>(refund, settle, original));
                break;
            }
            case "rebate":
            {
                // An unsolicited refund check applied to the open receivable of the reference (B2, RFI-758).
                var rebate = Plb(settled, "B2", reference, -settle);
                Expect(rebate, () => OnPlb<UnsolicitedRefundApplied>(rebate, settle, original));
                break;
            }
            case "writeoff":
            {
                // RFI-615: WO(+) and CS(−) "payer write off" of the same amount.
                Plb(settled, "WO", reference, settle, order: -2);
                var cs = Plb(settled, "CS", WriteOffText, -settle, order: -2);
                Expect(cs, () => OnPlb<ReceivableWrittenOff>(cs, settle, original));
                break;
            }
        }
    }

    /// <summary>
    /// A positive collection against an open receivable (amount <paramref name="receivable"/>, <paramref name="remaining"/>
    /// left before it): RecoupmentCollected, AffiliatedOffset when another provider of the tax ID pays (or code OB),
    /// RecoupmentCompleted when it reaches zero, RecoupmentOverCollected for any excess. False past the span.
    /// </summary>
    private bool Collect(SimPayer payer, SimClaim original, SimProvider collector, string reference, decimal receivable, decimal remaining, int day,
        string code, decimal taken, bool interest = false)
    {
        if (At(day, payer, collector) is not { } remittance) return false;
        var entry = Plb(remittance, code, reference, taken);
        var applied = Math.Min(taken, remaining);
        var affiliated = code == "OB" || !ReferenceEquals(collector, original.Provider);
        Expect(entry, () => OnPlb<RecoupmentCollected>(entry, applied, original));
        if (affiliated) Expect(entry, () => OnPlb<AffiliatedOffset>(entry, applied, original));
        if (applied == remaining) Expect(entry, () => OnPlb<RecoupmentCompleted>(entry, receivable, original));
        if (taken > applied) Expect(entry, () => OnPlb<RecoupmentOverCollected>(entry, taken - applied, original));
        if (interest)
        {
            // Interest on the overpayment, paid in the same remittance (L6 negative).
            var l6 = Plb(remittance, "L6", original.Icn, -Money(1, 25));
            Expect(l6, () => OnPlb<ProviderLevelAdjustment>(l6, -l6.Amount, original, RecoupmentMode.Increase));
        }
        return true;
    }

    // ---- Provider-level recoveries without a receivable ---------------------------------------------------------------

    /// <summary>PLB references that name a claim: the ICN (X12), ICN + PCN (Medicare), or "PCN CCYYMMDD ICN" (Anthem style).</summary>
    private string ClaimReference(SimPayer payer, SimClaim claim) =>
        payer.Kind == PayerKind.Medicare ? MedicareReference(claim)
        : Chance(0.7) ? claim.Icn
        : $"{claim.Pcn} {X12TextWriter.Date(claim.ServiceDate)} {claim.Icn}";

    /// <summary>A letter-based recovery (option 2): WO(+) naming the claim, sometimes taken from an affiliated NPI (WO or OB).</summary>
    private void LetterRecovery(SimClaim original, SimPayer payer, int day)
    {
        var collector = Chance(0.25) ? Affiliate(original.Provider) ?? original.Provider : original.Provider;
        var code = !ReferenceEquals(collector, original.Provider) && Chance(0.4) ? "OB" : "WO";
        if (At(day, payer, collector) is not { } remittance) return;
        var amount = Part(original.Paid, 0.1, 1.0);
        var entry = Plb(remittance, code, ClaimReference(payer, original), amount);
        Expect(entry, () => OnPlb<ClaimRecoupment>(entry, amount, original, RecoupmentMode.ProviderLevel));
        if (code == "OB" || !ReferenceEquals(collector, original.Provider)) Expect(entry, () => OnPlb<AffiliatedOffset>(entry, amount, original));
    }

    /// <summary>The provider refunds an overpayment by check after a letter: WO(+) and 72(−) of the same reference and amount.</summary>
    private void RefundLetter(SimClaim original, SimPayer payer, int day)
    {
        if (At(day, payer, original.Provider) is not { } remittance) return;
        var amount = Part(original.Paid, 0.1, 1.0);
        var reference = ClaimReference(payer, original);
        Plb(remittance, "WO", reference, amount, order: -1);
        var refund = Plb(remittance, "72", reference, -amount, order: -1);
        Expect(refund, () => OnPlb<RefundAcknowledged>(refund, amount, original));
    }

    // ---- Duplicates, net deltas, interest --------------------------------------------------------------------------

    /// <summary>R28: the same service (CLP01, date of service, charge) paid again under a new ICN, later reversed (CARC 18).</summary>
    private void Duplicate(SimClaim original, SimPayer payer, int day)
    {
        if (At(day, payer, original.Provider) is not { } remittance) return;
        var second = Build(payer, original.Provider, original.Pcn, "1", NextIcn(payer), null, original.Patient, original.ServiceDate, original.Lines);
        var unit = new ClaimUnit();
        unit.Claims.Add(second);
        remittance.Units.Add(unit);
        var reversalDay = DayOf(remittance) + Between(10, 40);
        if (Chance(0.6)) ReversalWithCorrection(second, payer, reversalDay, CorrectionKind.Duplicate);
        else FullTakeback(second, payer, reversalDay);
    }

    private void NetDeltaStory(SimClaim original, SimPayer payer, int day)
    {
        if (At(day, payer, original.Provider) is not { } remittance) return;
        var amount = Part(original.Paid, 0.1, 0.6);
        var claim = NetDelta(original, amount);
        var unit = new ClaimUnit { NettedClaim = claim, NettedAmount = amount };
        unit.Claims.Add(claim);
        remittance.Units.Add(unit);
        Expect(unit, () => OnClaim<ClaimRecoupment>(claim, amount, original, RecoupmentMode.NetDelta));
    }

    /// <summary>Interest on a late-paid claim, in the same remittance: L6 negative with the ICN as reference.</summary>
    private void Interest(SimClaim claim, SimRemittance remittance)
    {
        var entry = Plb(remittance, "L6", claim.Icn, -Money(0.5m, 40));
        Expect(entry, () => OnPlb<ProviderLevelAdjustment>(entry, -entry.Amount, claim, RecoupmentMode.Increase));
    }

    // ---- Daily extras: orphans, refunds by check, other PLB codes -------------------------------------------------------

    private int Count(double perClaim)
    {
        var expected = _options.ClaimsPerDay * perClaim * _options.StoryRate;
        var whole = (int)expected;
        return whole + (Chance(expected - whole) ? 1 : 0);
    }

    private (SimPayer, SimProvider) AnyPair() => (Pick(_payers), Pick(_providers));

    private void PlanDailyExtras(int day)
    {
        for (var n = Count(0.003); n > 0; n--) OrphanReversal(day);
        for (var n = Count(0.002); n > 0; n--) OrphanRecovery(day);
        for (var n = Count(0.0015); n > 0; n--)
        {
            var (payer, provider) = AnyPair();
            var remittance = At(day, payer, provider)!;
            var amount = Money(25, 900);
            var entry = Plb(remittance, "B2", $"CHK{_nextCheck++:D7}", -amount);
            Expect(entry, () => OnPlb<UnsolicitedRefundApplied>(entry, amount));
        }
        for (var n = Count(0.004); n > 0; n--)
        {
            var (payer, provider) = AnyPair();
            var remittance = At(day, payer, provider)!;
            var (code, reference, sign) = _rng.Next(5) switch
            {
                0 => ("IR", $"LEVY {DateOf(day).Year} {_nextCheck++:D6}", 1m),
                1 => ("E3", $"WITHHOLD {DateOf(day).Year}", 1m),
                2 => ("CV", "CAPITAL PASSTHRU", -1m),
                3 => ("DM", "DME PASSTHRU", -1m),
                _ => ("L6", $"PROMPT PAY INTEREST {DateOf(day).Year}", -1m),
            };
            var amount = Money(5, 400);
            var entry = Plb(remittance, code, reference, sign * amount);
            Expect(entry, () => OnPlb<ProviderLevelAdjustment>(entry, amount, null, sign < 0 ? RecoupmentMode.Increase : RecoupmentMode.Decrease));
        }
    }

    /// <summary>A reversal of a claim paid before the simulated window (never generated): UnmatchedRecoupment, OriginalNotInLedger.</summary>
    private void OrphanReversal(int day)
    {
        var (payer, provider) = AnyPair();
        var remittance = At(day, payer, provider)!;
        var old = NewClaim(payer, provider, _options.StartDate.AddDays(-Between(30, 300)), OldPcn(provider.Organisation));
        if (old.Paid <= 0) return;
        old = new SimClaim
        {
            Pcn = old.Pcn, Status = old.Status, Charge = old.Charge, Paid = old.Paid, PatientResponsibility = old.PatientResponsibility,
            FilingIndicator = old.FilingIndicator, Icn = OldIcn(payer), Patient = old.Patient, Provider = old.Provider, ServiceDate = old.ServiceDate,
            Lines = old.Lines,
        };
        var reversal = Reverse(old);
        var unit = new ClaimUnit();
        unit.Claims.Add(reversal);
        remittance.Units.Add(unit);
        SimClaim? correction = Chance(0.5) ? Correct(payer, old, CorrectionKind.Down, (NextIcn(payer), old.Icn)) : null;
        if (correction is not null && correction.Paid >= old.Paid) correction = null;
        if (correction is not null) unit.Claims.Add(correction);
        var takeback = old.Paid - (correction?.Paid ?? 0);
        unit.NettedClaim = reversal;
        unit.NettedAmount = takeback;
        Expect(unit, () => OnClaim<UnmatchedRecoupment>(reversal, takeback, null,
            correction is null ? RecoupmentMode.FullTakeback : RecoupmentMode.Immediate));
        if (correction is not null) Expect(unit, () => OnClaim<ClaimCorrected>(correction, correction.Paid));
    }

    /// <summary>A provider-level recovery whose original was paid before the window, or whose reference names no claim.</summary>
    private void OrphanRecovery(int day)
    {
        var (payer, provider) = AnyPair();
        var remittance = At(day, payer, provider)!;
        var amount = Money(15, 600);
        string code, reference;
        if (Chance(0.75))
        {
            code = "WO";
            var icn = OldIcn(payer);
            reference = payer.Kind == PayerKind.Medicare ? icn.PadRight(19) + OldPcn(provider.Organisation) : icn;
        }
        else
        {
            code = "WU";
            reference = Chance(0.5) ? "ADJ" : "RECOVERY";
        }
        var entry = Plb(remittance, code, reference, amount);
        Expect(entry, () => OnPlb<UnmatchedRecoupment>(entry, amount, null, RecoupmentMode.ProviderLevel));
    }

    /// <summary>Periodic interim payments (RFI-427): PI(−) paid, then PI(+) reconciliations in parts with the same identifier.</summary>
    private void SchedulePeriodicInterimPayments()
    {
        foreach (var payer in _payers)
        {
            foreach (var organisation in _organisations)
            {
                if (!Chance(0.3 * Math.Min(1, _options.StoryRate))) continue;
                var provider = Pick(organisation.Providers);
                var day = Between(0, Math.Max(0, _options.Days / 2));
                if (At(day, payer, provider) is not { } remittance) continue;
                var amount = Money(2000, 20000);
                var reference = $"PIP{payer.Index + 1:D2}{organisation.Index + 1:D3}{DateOf(day):yyMM}";
                var opened = Plb(remittance, "PI", reference, -amount);
                Expect(opened, () => OnPlb<ReceivableOpened>(opened, amount));
                var parts = Between(2, 5);
                var remaining = amount;
                day = remittance.Day;
                for (var i = 0; i < parts; i++)
                {
                    day += Between(10, 20);
                    var part = i == parts - 1 ? remaining : Math.Round(amount / parts, 2);
                    if (At(day, payer, provider) is not { } later) break;
                    var entry = Plb(later, "PI", reference, part);
                    var left = remaining;
                    Expect(entry, () => OnPlb<RecoupmentCollected>(entry, part));
                    if (part == left) Expect(entry, () => OnPlb<RecoupmentCompleted>(entry, amount));
                    remaining -= part;
                }
            }
        }
    }
}
