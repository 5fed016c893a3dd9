using System.Text;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// Pharmacy (PBM) remittances as PBMs and the Medicare Transaction Facilitator send them: CLP01 is the prescription
/// number with its fill number ("6123456-1"), CLP06 CI, SVC01 the dispensed product as an N4 NDC (11 digits) with the
/// quantity in SVC05, DTM*472 the fill date, copays under PR-3; the same claim is often paid and reversed several times
/// in one remittance (re-adjudication), with denials of the same claim number in between.
/// </summary>
public static class Pbm
{
    public const string Payer = "OPTUMRX";

    /// <summary>A paid prescription claim.</summary>
    public static ClaimSpec Rx(string rx, int fill, string icn, decimal charge, decimal paid, string fillDate = "2026-03-02", string ndc = "00093721410",
        decimal copay = 0, string member = "ZZQ88817733", decimal quantity = 30) =>
        ClaimSpec.Paid(icn, charge, paid, pcn: $"{rx}-{fill}", patientShare: copay, patient: member, dos: fillDate, filing: "CI",
            procedure: "N4:" + ndc, units: quantity, reason: "CO-45");

    /// <summary>The same prescription claim denied (CLP02 4), for example refill too soon (CARC 119) or prior auth (197).</summary>
    public static ClaimSpec Denial(ClaimSpec claim, string reason = "CO-119") => claim.Denied(reason) with { Corrects = null };

    /// <summary>
    /// The 835 text with control-character delimiters, as some PBMs and clearinghouses send it: 0x1D between elements,
    /// 0x1F between components (ISA16), 0x1E after each segment. The builder's text uses '*', ':' and '~' only as delimiters.
    /// </summary>
    public static byte[] WithControlDelimiters(byte[] text)
    {
        var bytes = (byte[])text.Clone();
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] switch
            {
                (byte)'*' => 0x1D,
                (byte)':' => 0x1F,
                (byte)'~' => 0x1E,
                var b => b,
            };
        }
        return bytes;
    }

    /// <summary>The text hard-wrapped into 80-byte records with CR LF, as after a mainframe transfer.</summary>
    public static byte[] Wrapped(byte[] text, int width = 80) => global::Recoupment.Detection.Tests.X12.FramingTests.Wrap(text, width);

    /// <summary>
    /// A composed PBM remittance with <paramref name="pairs"/> pay-then-reverse pairs (seeded): claim numbers repeated
    /// across re-adjudications of the same fill (sometimes with another amount), denials of the same claim numbers in
    /// between, two identical pairs, and prescriptions paid without reversal. Every reversal's payment precedes it.
    /// </summary>
    public static Remit ComposedRemittance(int pairs, int seed, string trace = "PBM20260306", string date = "2026-03-06")
    {
        var random = new Random(seed);
        var remit = Remit.From(Payer, trace, date);
        var items = new List<ClaimSpec>();
        var prescriptions = Enumerable.Range(0, Math.Max(1, pairs / 3))
            .Select(i => new Prescription($"{6100000 + random.Next(900000)}", random.Next(0, 6), $"2606{500000000 + i * 7919:000000000}",
                20 + random.Next(0, 48000) / 100m, $"2026-03-0{random.Next(1, 6)}", $"{random.Next(0, 99999):00000}{random.Next(0, 999999):000000}",
                $"ZZQ{random.Next(10000000, 99999999)}"))
            .ToList();

        ClaimSpec Paying(Prescription p)
        {
            // Re-adjudications of the same fill pay different amounts now and then; copays differ with them.
            var paid = Math.Round(p.Charge * (0.4m + random.Next(0, 55) / 100m), 2);
            var copay = random.Next(3) == 0 ? Math.Min(10m, p.Charge - paid) : 0;
            return Rx(p.Number, p.Fill, p.Icn, p.Charge, paid, p.FillDate, p.Ndc, copay, p.Member);
        }

        for (var i = 0; i < pairs - 2; i++)
        {
            var prescription = prescriptions[random.Next(prescriptions.Count)];
            var paid = Paying(prescription);
            var at = random.Next(items.Count + 1);
            items.Insert(at, paid);
            if (random.Next(4) == 0) items.Insert(random.Next(at + 1, items.Count + 1), Denial(paid));
            items.Insert(random.Next(at + 1, items.Count + 1), paid.Reversal());
        }
        // Two identical pay-then-reverse pairs, one after the other.
        var twice = Paying(prescriptions[0]);
        items.AddRange([twice, twice.Reversal(), twice, twice.Reversal()]);
        // Prescriptions paid and not reversed: what the check pays.
        for (var i = 0; i < pairs / 2; i++)
        {
            items.Insert(random.Next(items.Count + 1), Paying(new Prescription($"{7100000 + i}", 0, $"2606{600000000 + i:000000000}", 15 + i, "2026-03-04", "00378395293", $"ZZQ{20000000 + i}")));
        }
        foreach (var item in items) remit.Claim(item);
        return remit;
    }

    private sealed record Prescription(string Number, int Fill, string Icn, decimal Charge, string FillDate, string Ndc, string Member);

    /// <summary>How many reversals (CLP02 22 taking money back or zero) a remittance carries.</summary>
    public static int Reversals(Remit remit) => remit.Claims.Count(c => c.IsReversal);

    /// <summary>The text of a remittance as UTF-8 bytes.</summary>
    public static byte[] Bytes(Remit remit) => Encoding.UTF8.GetBytes(remit.ToText());
}
