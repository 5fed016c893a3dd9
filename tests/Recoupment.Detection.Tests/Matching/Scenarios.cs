using Recoupment.Detection.Matching;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// The 40 scenarios of RECOUPMENT-RULES §8 as 835 remittances. Notation as in §8: P1 = ACME HEALTH PLAN, NPI1 = the
/// payee, "835#k" has TRN02 = Tk. Every remittance balances (BPR02 = Σ CLP04 − Σ PLB) unless the scenario says otherwise.
/// </summary>
public static class Scenarios
{
    public const string P1 = "ACME HEALTH PLAN";

    // Payer claim control numbers (CLP07).
    public const string IcnA = "2601000101";
    public const string IcnB = "2604300102";
    public const string IcnC = "2604300103";

    /// <summary>Another patient's claim that pays <paramref name="paid"/>: the money that funds takebacks.</summary>
    public static ClaimSpec Other(string icn, decimal paid, string? dos = null) =>
        ClaimSpec.Paid(icn, charge: paid + 100, paid: paid, pcn: "PCN-" + icn, patient: "W8" + icn, dos: dos ?? "2026-01-20", procedure: "HC:99213");

    /// <summary>835#1 pays ICN A: charge 150, paid 100 (CO-45 50).</summary>
    public static ClaimSpec A => ClaimSpec.Paid(IcnA, charge: 150, paid: 100, pcn: "PCN-A", dos: "2026-01-05");

    // ---- Claim reversals and corrections ------------------------------------------------------------------------

    public static Scenario S01 => new("S01",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 60, icn: IcnB, f8: IcnA).Paid(Other("2604300901", 300)));

    public static Scenario S02 => new("S02",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 130, icn: IcnB, f8: IcnA).Paid(Other("2604300901", 300)));

    /// <summary>A reversal without a correction; the window (60 days) ends before the run is completed.</summary>
    public static Scenario S03 => new("S03",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Paid(Other("2604300901", 300)))
    { CompleteAsOf = Remit.Day("2026-04-30") };

    public static Scenario S04 => new("S04",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A.Denied("CO-50")).Paid(Other("2604300901", 300)));

    /// <summary>The original adjusted CO-45 75; the reversal writes CAS*CR*45*-75 (4010).</summary>
    public static ClaimSpec A75 => ClaimSpec.Paid(IcnA, charge: 175, paid: 100, pcn: "PCN-A", dos: "2026-01-05");

    public static Scenario S05 => new("S05",
        Remit.From(P1, "T1", "2026-01-15").Paid(A75),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A75, group4010: true).Correction(A75, paid: 80).Paid(Other("2604300901", 300)));

    /// <summary>CARC A2 (deactivated 2008-01-01) on an original of 2007, repeated by its reversal in 2008.</summary>
    public static ClaimSpec A2Original => ClaimSpec.Paid("0731900101", charge: 150, paid: 100, pcn: "PCN-OLD", reason: "CO-A2", dos: "2007-10-01");

    public static Scenario S06 => new("S06",
        Remit.From(P1, "T1", "2007-11-15").Paid(A2Original),
        Remit.From(P1, "T2", "2008-02-15").Reversal(A2Original).Correction(A2Original, paid: 70).Paid(Other("0804600901", 300, dos: "2008-01-10")));

    public static Scenario S07 => new("S07",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A, paidVariance: 0.01m).Correction(A, paid: 60).Paid(Other("2604300901", 300)));

    /// <summary>The payer reissues the claim: the reversal and the correction carry a new ICN, and REF*F8 = A.</summary>
    public static Scenario S08 => new("S08",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A, icn: "2604399999", f8: IcnA).Correction(A, paid: 75, icn: "2604399999").Paid(Other("2604300901", 300)));

    /// <summary>(a) The reversal writes CLP07 with leading zeros: R3 normalisation meets the original.</summary>
    public static Scenario S09a => new("S09a",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A, icn: "00" + IcnA).Correction(A, paid: 60, icn: "00" + IcnA).Paid(Other("2604300901", 300)));

    /// <summary>(b) The reversal's CLP07 names nothing (no F8): R5 key 3, CLP01 + patient + date of service, charge negated.</summary>
    public static Scenario S09b => new("S09b",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A, icn: "RV77001").Paid(Other("2604300901", 300)))
    { Options = RecoupmentOptions.Default with { ImmediateFullTakeback = true } };

    /// <summary>The correction carries the member's new ID (NM1*QC and NM1*74 C); the original had W000000001.</summary>
    public static Scenario S10 => new("S10",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A.Corrected(90, patient: "W555000777", correctedPatient: "W555000777")).Paid(Other("2604300901", 300)));

    // ---- Forward balances ---------------------------------------------------------------------------------------

    /// <summary>835#1 pays ICN A 500.</summary>
    public static ClaimSpec A500 => ClaimSpec.Paid(IcnA, charge: 650, paid: 500, pcn: "PCN-A", dos: "2026-01-05");

    private static readonly RecoupmentOptions Immediate = RecoupmentOptions.Default with { ImmediateFullTakeback = true };

    /// <summary>835#3: reversal −500, payments 200, FB:T3 −300, BPR02 = 0 (BPR01 H, BPR04 NON).</summary>
    public static Remit NetNegativeT3 => Remit.From(P1, "T3", "2026-03-02").Reversal(A500).Paid(Other("2606100301", 200)).Plb("FB", "T3", -300);

    public static Scenario S11 => new("S11", Remit.From(P1, "T1", "2026-01-15").Paid(A500), NetNegativeT3) { Options = Immediate };

    public static Scenario S12 => new("S12",
        Remit.From(P1, "T1", "2026-01-15").Paid(A500),
        NetNegativeT3,
        Remit.From(P1, "T4", "2026-03-30").Paid(Other("2608900401", 1000)).Plb("FB", "T3", 300))
    { Options = Immediate };

    public static Scenario S13 => new("S13",
        Remit.From(P1, "T1", "2026-01-15").Paid(A500),
        NetNegativeT3,
        Remit.From(P1, "T4", "2026-03-30").Paid(Other("2608900401", 100)).Plb("FB", "T3", 300).Plb("FB", "T4", -200),
        Remit.From(P1, "T5", "2026-04-27").Paid(Other("2611700501", 400)).Plb("FB", "T4", 200))
    { Options = Immediate };

    /// <summary>The FB reference is the reversed claim's ICN instead of TRN02, in both the creating and the applying FB.</summary>
    public static Scenario S14 => new("S14",
        Remit.From(P1, "T1", "2026-01-15").Paid(A500),
        Remit.From(P1, "T3", "2026-03-02").Reversal(A500).Paid(Other("2606100301", 200)).Plb("FB", IcnA, -300),
        Remit.From(P1, "T4", "2026-03-30").Paid(Other("2608900401", 1000)).Plb("FB", IcnA, 300))
    { Options = Immediate };

    /// <summary>The FB of 835#3 is never applied; the run is completed 121 days later.</summary>
    public static Scenario S15 => new("S15", Remit.From(P1, "T1", "2026-01-15").Paid(A500), NetNegativeT3)
    { Options = Immediate, CompleteAsOf = Remit.Day("2026-03-02").AddDays(121) };

    // ---- Receivables: WO deferral, collections ------------------------------------------------------------------

    /// <summary>835#6: reversal + correction (net −80) and WO:ICN_A −80: BPR02 is not reduced. 835#9: WO:ICN_A +80.</summary>
    public static Scenario S16 => new("S16",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T6", "2026-02-12").Reversal(A).Correction(A, paid: 20).Paid(Other("2604300601", 300)).Plb("WO", IcnA, -80),
        Remit.From(P1, "T9", "2026-04-13").Paid(Other("2610300901", 500)).Plb("WO", IcnA, 80));

    /// <summary>835#1 pays ICN A 700; 835#6 reverses it, corrects to 200 and defers the 500 by WO:ICN_A −500.</summary>
    public static ClaimSpec A700 => ClaimSpec.Paid(IcnA, charge: 900, paid: 700, pcn: "PCN-A", dos: "2026-01-05");

    public static Remit Deferred500 => Remit.From(P1, "T6", "2026-02-12").Reversal(A700).Correction(A700, paid: 200).Paid(Other("2604300601", 300)).Plb("WO", IcnA, -500);

    public static Scenario S17 => new("S17",
        Remit.From(P1, "T1", "2026-01-15").Paid(A700),
        Deferred500,
        Remit.From(P1, "T7", "2026-03-16").Paid(Other("2607500701", 1000)).Plb("WO", IcnA, 200),
        Remit.From(P1, "T8", "2026-04-13").Paid(Other("2610300801", 1000)).Plb("WO", IcnA, 200),
        Remit.From(P1, "T9", "2026-05-11").Paid(Other("2613100901", 1000)).Plb("WO", IcnA, 100));

    /// <summary>WO +505.25 against the receivable of 500, in a remittance that also pays interest (L6).</summary>
    public static Scenario S18 => new("S18",
        Remit.From(P1, "T1", "2026-01-15").Paid(A700),
        Deferred500,
        Remit.From(P1, "T9", "2026-04-13").Paid(Other("2610300901", 1000)).Plb("WO", IcnA, 505.25m).Plb("L6", null, -1.75m));

    // ---- Medicare references ------------------------------------------------------------------------------------

    /// <summary>A Medicare Part B claim whose ICN has 19 characters and PCN 20 (MM7499 reference = ICN + PCN).</summary>
    public const string Icn19 = "2126015001010000101";
    public const string Pcn20 = "PTACCT00000000004711";

    public static ClaimSpec MedicareA => ClaimSpec.Paid(Icn19, charge: 150, paid: 100, pcn: Pcn20, filing: "MB", dos: "2026-01-05");

    public static Scenario S19 => new("S19",
        Remit.From(P1, "T1", "2026-01-15").Paid(MedicareA),
        Remit.From(P1, "T2", "2026-03-02").Reversal(MedicareA).Correction(MedicareA, paid: 60).Paid(Other("2606100201", 250)).Plb("FB", Icn19 + Pcn20, -40),
        Remit.From(P1, "T3", "2026-04-13").Paid(Other("2610300301", 500)).Plb("WO", Icn19 + Pcn20, 40));

    public static Scenario S20 => new("S20",
        Remit.From(P1, "T1", "2026-01-15").Paid(MedicareA),
        Remit.From(P1, "T2", "2026-03-02").Paid(Other("2606100201", 500)).Plb("WO", Icn19 + Pcn20, 80));

    /// <summary>DME: the original CCN (17), the adjustment's new CCN (17) and an MBI (11); reference "00" + CCN + MBI.</summary>
    public const string Ccn17 = "26015000101000101";
    public const string AdjustmentCcn17 = "26061000202000202";
    public const string Mbi = "1EG4TE5MK73";

    public static ClaimSpec DmeA => ClaimSpec.Paid(Ccn17, charge: 150, paid: 100, pcn: "DME-PCN-1", filing: "MB", dos: "2026-01-05", procedure: "HC:E0601");

    public static Scenario S21 => new("S21",
        Remit.From(P1, "T1", "2026-01-15").Paid(DmeA),
        Remit.From(P1, "T2", "2026-03-02").Reversal(DmeA).Correction(DmeA, paid: 30, icn: AdjustmentCcn17, f8: Ccn17).Paid(Other("2606100201", 200)).Plb("FB", "00" + AdjustmentCcn17 + Mbi, -70),
        Remit.From(P1, "T3", "2026-04-13").Paid(Other("2610300301", 300)).Plb("WO", "00" + AdjustmentCcn17 + Mbi, 70));

    /// <summary>Anthem: two claims of account PTACCT123 (DOS 2024-01-15 and 2024-02-01); WO "PTACCT123 20240115 CLM98765".</summary>
    public static Scenario S22 => new("S22",
        Remit.From(P1, "T1", "2024-01-26").Paid(ClaimSpec.Paid("2402600031", charge: 120, paid: 90, pcn: "PTACCT123", dos: "2024-01-15")),
        Remit.From(P1, "T2", "2024-02-16").Paid(ClaimSpec.Paid("2404700032", charge: 120, paid: 90, pcn: "PTACCT123", dos: "2024-02-01")),
        Remit.From(P1, "T3", "2024-06-14").Paid(Other("2416600301", 400, dos: "2024-05-20")).Plb("WO", "PTACCT123 20240115 CLM98765", 37.50m));

    // ---- Refunds, write-offs, affiliated providers --------------------------------------------------------------

    /// <summary>835#2 defers the full takeback of ICN A (reversal, correction denied, WO:ICN_A −100).</summary>
    public static Remit Deferred100 => Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A.Denied("CO-50")).Paid(Other("2604300201", 300)).Plb("WO", IcnA, -100);

    public static Scenario S23 => new("S23",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Deferred100,
        Remit.From(P1, "T3", "2026-03-16").Paid(Other("2607500301", 200)).Plb("WO", IcnA, 100).Plb("72", IcnA, -100));

    /// <summary>A refund of 100 acknowledged with 72 + WO while no receivable was open: the claim is still named.</summary>
    public static Scenario S23b => new("S23b",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T3", "2026-03-16").Paid(Other("2607500301", 200)).Plb("WO", IcnA, 100).Plb("72", IcnA, -100));

    /// <summary>B2 −250 with the FB's reference applies to the open FB of 835#3; B2 −40 with a check number stands alone.</summary>
    public static Scenario S24 => new("S24",
        Remit.From(P1, "T1", "2026-01-15").Paid(A500),
        NetNegativeT3,
        Remit.From(P1, "T4", "2026-03-30").Paid(Other("2608900401", 100)).Plb("B2", "T3", -250),
        Remit.From(P1, "T5", "2026-04-27").Paid(Other("2611700501", 100)).Plb("B2", "CHK88812", -40))
    { Options = Immediate };

    public static Scenario S25 => new("S25",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 60).Paid(Other("2604300201", 300)).Plb("WO", IcnA, -40),
        Remit.From(P1, "T3", "2026-03-16").Paid(Other("2607500301", 200)).Plb("WO", IcnA, 40).Plb("CS", "PAYER WRITE OFF", -40));

    /// <summary>NPI1 owes 80 (WO:ICN_A −80); 835#3 pays NPI2 (same tax ID) and takes the 80 with PLB01 = NPI2.</summary>
    public static Scenario S26 => new("S26",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 20).Paid(Other("2604300201", 300)).Plb("WO", IcnA, -80),
        Remit.From(P1, "T3", "2026-03-16").PaidTo(Remit.Npi2, "RIVER CLINIC EAST").Paid(Other("2607500301", 500)).Plb("WO", IcnA, 80));

    /// <summary>The same with code OB (offset for affiliated providers).</summary>
    public static Scenario S26b => new("S26b",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 20).Paid(Other("2604300201", 300)).Plb("WO", IcnA, -80),
        Remit.From(P1, "T3", "2026-03-16").PaidTo(Remit.Npi2, "RIVER CLINIC EAST").Paid(Other("2607500301", 500)).Plb("OB", IcnA, 80));

    // ---- Unmatched ----------------------------------------------------------------------------------------------

    public const string Icn2023 = "2313500777";

    /// <summary>WO +75 names a 2023 claim not yet ingested; the 2023 835 is backfilled afterwards (arrival order).</summary>
    public static Scenario S27 => new("S27",
        Remit.From(P1, "T5", "2026-03-10").Paid(Other("2606900501", 300)).Plb("WO", Icn2023, 75),
        Remit.From(P1, "T0", "2023-05-15").Paid(ClaimSpec.Paid(Icn2023, charge: 140, paid: 75, pcn: "PCN-2023", dos: "2023-04-20")));

    public const string IcnK = "2601500060";

    /// <summary>Claim K pays 60.00 and has an open WO receivable; WU +60 with reference "ADJ".</summary>
    public static Scenario S28 => new("S28",
        Remit.From(P1, "T1", "2026-01-15").Paid(ClaimSpec.Paid(IcnK, charge: 80, paid: 60, pcn: "PCN-K"), Other("2601500061", 45)),
        Remit.From(P1, "T2", "2026-02-12").Paid(Other("2604300201", 100)).Plb("WO", IcnK, -60),
        Remit.From(P1, "T3", "2026-03-16").Paid(Other("2607500301", 200)).Plb("WU", "ADJ", 60));

    // ---- Order, duplicates, trace numbers -----------------------------------------------------------------------

    /// <summary>The correction (835 of 02-05) comes before the reversal (835 of 02-12), in separate remittances.</summary>
    public static Scenario S29 => new("S29",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-05").Correction(A, paid: 60, icn: IcnB, f8: IcnA).Paid(Other("2603600201", 300)),
        Remit.From(P1, "T3", "2026-02-12").Reversal(A).Paid(Other("2604300301", 150)));

    /// <summary>The usual order across remittances: the reversal (835 of 02-05) first, its correction (835 of 02-12) later.</summary>
    public static Scenario S29b => new("S29b",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-05").Reversal(A).Paid(Other("2603600201", 300)),
        Remit.From(P1, "T3", "2026-02-12").Correction(A, paid: 60, icn: IcnB, f8: IcnA).Paid(Other("2604300301", 150)));

    /// <summary>Scenario 1's 835#2 is ingested twice.</summary>
    public static Scenario S30 => new("S30", S01.Documents[0], S01.Documents[1], S01.Documents[1]);

    /// <summary>835#3 reuses TRN02 = T2 with other content: it reverses ICN C and corrects it.</summary>
    public static ClaimSpec C => ClaimSpec.Paid(IcnC, charge: 90, paid: 70, pcn: "PCN-C", patient: "W000000003", dos: "2026-01-06");

    public static Scenario S31 => new("S31",
        Remit.From(P1, "T1", "2026-01-15").Paid(A, C),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 60, icn: IcnB, f8: IcnA).Paid(Other("2604300901", 300)),
        Remit.From(P1, "T2", "2026-03-12").Reversal(C).Correction(C, paid: 50).Paid(Other("2607100901", 100)));

    /// <summary>ICN A and ICN C pay the same CLP01, date of service and charge; later C is reversed and denied as a duplicate (CARC 18).</summary>
    public static ClaimSpec DupA => ClaimSpec.Paid(IcnA, charge: 200, paid: 120, pcn: "PCN-DUP", dos: "2026-01-02");

    public static ClaimSpec DupC => ClaimSpec.Paid(IcnC, charge: 200, paid: 120, pcn: "PCN-DUP", dos: "2026-01-02");

    public static Scenario S32 => new("S32",
        Remit.From(P1, "T1", "2026-01-15").Paid(DupA),
        Remit.From(P1, "T2", "2026-02-12").Paid(DupC),
        Remit.From(P1, "T3", "2026-03-16").Reversal(DupC).Correction(DupC.Denied("CO-18")).Paid(Other("2607500301", 300)));

    public static Scenario S33 => new("S33",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Claim(A.NetDelta(30)).Paid(Other("2604300201", 300)));

    public static Scenario S34 => new("S34",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 60).Paid(Other("2604300201", 300)).Plb("WO", IcnA, -40),
        Remit.From(P1, "T3", "2026-04-13").Paid(Other("2610300301", 200)).Plb("WO", IcnA, 40));

    // ---- Provider-level pass-through, PIP, balancing ------------------------------------------------------------

    public static Scenario S35 => new("S35",
        Remit.From(P1, "T1", "2026-01-15").Paid(Other("2601500101", 500))
            .Plb("L6", "2601500101", -12.34m).Plb("IR", "LEVY2026001", 50).Plb("J1", null, 25).Plb("J1", null, -25));

    public const string PipId = "PIP2026Q1";

    public static Scenario S36 => new("S36",
        Remit.From(P1, "T1", "2026-01-05").Plb("PI", PipId, -10000),
        Remit.From(P1, "T2", "2026-02-02").Paid(Other("2603300201", 3000)).Plb("PI", PipId, 2000),
        Remit.From(P1, "T3", "2026-03-02").Paid(Other("2606100301", 3000)).Plb("PI", PipId, 2000),
        Remit.From(P1, "T4", "2026-03-30").Paid(Other("2608900401", 3000)).Plb("PI", PipId, 2000),
        Remit.From(P1, "T5", "2026-04-27").Paid(Other("2611700501", 3000)).Plb("PI", PipId, 2000),
        Remit.From(P1, "T6", "2026-05-25").Paid(Other("2614500601", 3000)).Plb("PI", PipId, 2000));

    /// <summary>COVID accelerated and advance payment: AP −50,000 paid, recouped AP +25,000 twice.</summary>
    public static Scenario S36b => new("S36b",
        Remit.From(P1, "T1", "2020-04-15").Plb("AP", "AAP0415202001", -50000),
        Remit.From(P1, "T2", "2021-05-03").Paid(Other("2112300201", 30000, dos: "2021-04-20")).Plb("AP", "AAP0415202001", 25000),
        Remit.From(P1, "T3", "2021-06-01").Paid(Other("2115200301", 30000, dos: "2021-05-20")).Plb("AP", "AAP0415202001", 25000));

    /// <summary>Scenario 1's 835#2 with BPR02 = 270 instead of 260.</summary>
    public static Scenario S37 => new("S37",
        Remit.From(P1, "T1", "2026-01-15").Paid(A),
        Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 60, icn: IcnB, f8: IcnA).Paid(Other("2604300901", 300)).WithTotal(270));

    public static Scenario S38 => new("S38",
        Remit.From(P1, "T1", "2026-01-15").Paid(Other("2601500101", 2000))
            .Plb("L6", "2601500101", -1.11m).Plb("CV", "CAP2026", -2.22m).Plb("CT", "CAP2026", -3.33m)
            .Plb("E3", "WH2026", 4.44m).Plb("IR", "IRS2026", 5.55m).Plb("LE", "LEVY2026", 6.66m)
            .Plb("J1", null, 7.77m).Plb("J1", null, -7.77m).Plb("50", "LATE2026", 8.88m));

    /// <summary>A NY-licensed commercial payer recoups a claim paid 26 months earlier.</summary>
    public static ClaimSpec A2024 => ClaimSpec.Paid(IcnA, charge: 150, paid: 100, pcn: "PCN-A", dos: "2023-12-20");

    public static Scenario S39 => new("S39",
        Remit.From(P1, "T1", "2024-01-10").Paid(A2024),
        Remit.From(P1, "T2", "2026-03-10").Reversal(A2024).Correction(A2024, paid: 60).Paid(Other("2606900201", 300)))
    { Options = RecoupmentOptions.Default with { PayerJurisdictions = new Dictionary<string, string> { [Remit.PayerKey] = "NY" } } };

    /// <summary>
    /// Medicare: ICN A (100) is reversed and denied (CO-50) with the takeback deferred (WO:A −100) and collected 42 days
    /// later (WO:A +100). The appeal is won: the denial A1 is reversed and A2 pays 100, with L6 interest naming ICN A.
    /// </summary>
    public static ClaimSpec MedicareAppealA => ClaimSpec.Paid(IcnA, charge: 150, paid: 100, pcn: "PCN-A", filing: "MB", dos: "2025-05-20");

    public static ClaimSpec DeniedA1 => MedicareAppealA.Denied("CO-50", icn: "2521600102", f8: IcnA);

    public static Scenario S40 => new("S40",
        Remit.From(P1, "T1", "2025-06-02").Paid(MedicareAppealA),
        Remit.From(P1, "T2", "2025-08-04").Reversal(MedicareAppealA).Correction(DeniedA1).Paid(Other("2521600201", 300)).Plb("WO", IcnA, -100),
        Remit.From(P1, "T3", "2025-09-15").Paid(Other("2525800301", 500)).Plb("WO", IcnA, 100),
        Remit.From(P1, "T4", "2026-01-20").Reversal(DeniedA1).Correction(AppealWonA2).Paid(Other("2602000401", 200))
            .Plb("L6", IcnA, -3.10m));

    /// <summary>The re-adjudication after the appeal: pays 100 again (CO-45 50 as originally), replacing the denial A1.</summary>
    public static ClaimSpec AppealWonA2 => MedicareAppealA.Corrected(100, icn: "2602000103", f8: "2521600102") with { Corrects = DeniedA1 };

    /// <summary>Every scenario, for the property tests.</summary>
    public static IReadOnlyList<Scenario> All =>
    [
        S01, S02, S03, S04, S05, S06, S07, S08, S09a, S09b, S10, S11, S12, S13, S14, S15, S16, S17, S18, S19, S20, S21, S22, S23, S23b,
        S24, S25, S26, S26b, S27, S28, S29, S29b, S30, S31, S32, S33, S34, S35, S36, S36b, S37, S38, S39, S40,
    ];
}
