using System.Globalization;

namespace Recoupment.Detection.Synthetic.Internal;

/// <summary>Writes simulated remittances as X12 835 005010X221A1 text: interchange, group, transactions.</summary>
internal static class RemittanceRenderer
{
    public const string Receiver = "SYNCLEARHOUSE";

    public static void BeginInterchange(X12TextWriter w, SimPayer payer, DateOnly date, string time, int control)
    {
        var s = w.Style;
        var e = s.Element;
        var isa = string.Create(CultureInfo.InvariantCulture,
            $"ISA{e}00{e}          {e}00{e}          {e}ZZ{e}{payer.Code,-15}{e}ZZ{e}{Receiver,-15}{e}{date:yyMMdd}{e}{time}{e}{s.Repetition}{e}00501{e}{control:D9}{e}0{e}T{e}{s.Component}");
        w.Raw(isa);
        w.Seg("GS").E("HP").E(payer.Code).E(Receiver).E(date).E(time).E(control.ToString(CultureInfo.InvariantCulture)).E("X").E("005010X221A1").End();
    }

    public static void EndInterchange(X12TextWriter w, int transactions, int control)
    {
        var c = control.ToString(CultureInfo.InvariantCulture);
        w.Seg("GE").E(transactions.ToString(CultureInfo.InvariantCulture)).E(c).End();
        w.Seg("IEA").E("1").E(control.ToString("D9", CultureInfo.InvariantCulture)).End();
    }

    public static (int Claims, int Lines, int Adjustments) WriteTransaction(X12TextWriter w, SimPayer payer, SimProvider provider, Finalised r, string st02,
        bool renderingProviders = false)
    {
        w.ResetCount();
        w.Seg("ST").E("835").E(st02).E("005010X221A1").End();
        w.Seg("BPR").E(r.Handling).E(r.Total).E("C").E(r.Method);
        if (r.Method == "ACH")
        {
            w.E("CCP").E("01").E("999999992").E("DA").E($"0001{payer.Index + 1:D2}233").E(payer.PayerId).E(null)
                .E("01").E("999999996").E("DA").E($"0004{provider.Organisation.Index + 1:D5}");
        }
        else
        {
            for (var i = 5; i <= 15; i++) w.E(null);
        }
        w.E(r.Date).End();
        w.Seg("TRN").E("1").E(r.Trace).E(payer.PayerId).End();
        w.Seg("DTM").E("405").E(r.Date.AddDays(-1)).End();
        w.Seg("N1").E("PR").E(payer.Name).End();
        w.Seg("N3").E($"{100 + payer.Index} SAMPLE PLAZA").End();
        w.Seg("N4").E("CAPITAL CITY").E("IL").E("627010000").End();
        w.Seg("REF").E("2U").E(payer.Code).End();
        w.Seg("PER").E("BL").E("SYNTHETIC EDI SUPPORT").E("TE").E("8005550100").End();
        w.Seg("N1").E("PE").E(provider.Name).E("XX").E(provider.Npi).End();
        w.Seg("N3").E(provider.Street).End();
        w.Seg("N4").E(provider.City).E(provider.State).E(provider.Zip).End();
        w.Seg("REF").E("TJ").E(provider.Organisation.TaxId).End();

        var lines = 0;
        if (r.Claims.Count > 0) w.Seg("LX").E("1").End();
        foreach (var c in r.Claims)
        {
            w.Seg("CLP").E(c.Pcn).E(c.Status).E(c.Charge).E(c.Paid);
            if (c.PatientResponsibility != 0) w.E(c.PatientResponsibility);
            else w.E(null);
            w.E(c.FilingIndicator).E(c.Icn).E("11").E("1").End();
            w.Seg("NM1").E("QC").E("1").E(c.Patient.LastName).E(c.Patient.FirstName).E(null).E(null).E(null).E("MI").E(c.Patient.MemberId).End();
            if (renderingProviders)
            {
                // One of two clinicians of the NPI, by the patient: a reversal and its correction name the same one.
                var clinician = c.Patient.MemberId.Length == 0 ? 0 : c.Patient.MemberId[^1] % 2;
                var npi = Identifiers.Npi(string.Concat("18", c.Provider.Npi.AsSpan(3, 6), clinician.ToString(CultureInfo.InvariantCulture)));
                w.Seg("NM1").E("82").E("1").E(clinician == 0 ? "RIVERA" : "OKAFOR").E(clinician == 0 ? "ANA" : "BEN").E(null).E(null).E(null).E("XX").E(npi).End();
            }
            if (c.OriginalReference is { } f8) w.Seg("REF").E("F8").E(f8).End();
            WriteCas(w, c.ClaimAdjustments);
            foreach (var l in c.Lines)
            {
                lines++;
                w.Seg("SVC").C("HC", l.Procedure, l.Modifier).E(l.Charge).E(l.Paid).E(null).E(l.Units.ToString(CultureInfo.InvariantCulture));
                if (l.SubmittedProcedure is { } submitted) w.C("HC", submitted);
                w.End();
                w.Seg("DTM").E("472").E(l.ServiceDate).End();
                WriteCas(w, l.Adjustments);
                if (l.Allowed is { } allowed && c.Status != "22") w.Seg("AMT").E("B6").E(allowed).End();
            }
        }

        var fiscal = new DateOnly(r.Date.Year, 12, 31);
        for (var i = 0; i < r.Adjustments.Count; i += 6)
        {
            w.Seg("PLB").E(provider.Npi).E(fiscal);
            for (var j = i; j < Math.Min(i + 6, r.Adjustments.Count); j++)
            {
                var a = r.Adjustments[j];
                w.C(a.Code, a.Reference).E(a.Amount);
            }
            w.End();
        }
        w.Seg("SE").E((w.Count + 1).ToString(CultureInfo.InvariantCulture)).E(st02).End();
        return (r.Claims.Count, lines, r.Adjustments.Count);
    }

    private static void WriteCas(X12TextWriter w, List<Cas> adjustments)
    {
        if (adjustments.Count == 0) return;
        foreach (var group in adjustments.Where(a => a.Amount != 0).GroupBy(a => a.Group))
        {
            var items = group.ToList();
            for (var i = 0; i < items.Count; i += 6)
            {
                w.Seg("CAS").E(group.Key);
                for (var j = i; j < Math.Min(i + 6, items.Count); j++)
                {
                    if (j > i) w.E(null);
                    w.E(items[j].Reason).E(items[j].Amount);
                }
                w.End();
            }
        }
    }
}
