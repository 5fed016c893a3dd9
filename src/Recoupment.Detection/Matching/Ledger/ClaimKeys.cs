using System.Globalization;
using System.Text;

namespace Recoupment.Detection.Matching.Ledger;

/// <summary>
/// Identifier normalisation (R3): trim, upper-case, drop separators (hyphens, spaces, dots, slashes), and strip leading
/// zeros from all-digit values, so that "0012-345" and "12345" meet. Keys are always compared in this form.
/// </summary>
public static class ClaimKeys
{
    /// <summary>The normalised form of an identifier; empty for null or blank.</summary>
    public static string Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return "";
        if (IsNormalized(value)) return value;
        var sb = new StringBuilder(value.Length);
        var allDigits = true;
        foreach (var c in value)
        {
            if (c is '-' or ' ' or '.' or '/' or '_' or '\t') continue;
            sb.Append(char.ToUpperInvariant(c));
            if (!char.IsAsciiDigit(c)) allDigits = false;
        }
        if (allDigits)
        {
            var i = 0;
            while (i < sb.Length - 1 && sb[i] == '0') i++;
            if (i > 0) sb.Remove(0, i);
        }
        return sb.ToString();
    }

    // Most identifiers arrive already in normal form: recognise that without allocating.
    private static bool IsNormalized(string value)
    {
        var allDigits = true;
        foreach (var c in value)
        {
            if (c is '-' or ' ' or '.' or '/' or '_' or '\t' || char.IsLower(c)) return false;
            if (!char.IsAsciiDigit(c)) allDigits = false;
        }
        return !(allDigits && value.Length > 1 && value[0] == '0');
    }

    /// <summary>The keys of a paid claim (CLP07, F8, CLP01, service and duplicate keys, paid amount).</summary>
    public static IReadOnlyCollection<ClaimKey> For(LedgerClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var keys = new List<ClaimKey>(7);
        Add(keys, ClaimKeyKind.PayerClaimNumber, claim.PayerClaimNumber);
        Add(keys, ClaimKeyKind.OriginalReference, claim.OriginalReference);
        Add(keys, ClaimKeyKind.PatientControlNumber, claim.PatientControlNumber);
        AddServiceKey(keys, claim, claim.PatientId);
        if (claim.CorrectedPatientId != claim.PatientId) AddServiceKey(keys, claim, claim.CorrectedPatientId);
        if (claim.InsuredId != claim.PatientId && claim.InsuredId != claim.CorrectedPatientId) AddServiceKey(keys, claim, claim.InsuredId);
        if (DuplicateKey(claim.PatientControlNumber, claim.ServiceFrom, claim.Charge) is { } dup) keys.Add(new ClaimKey(ClaimKeyKind.DuplicateKey, dup));
        keys.Add(new ClaimKey(ClaimKeyKind.PaidAmount, Money(claim.Paid)));
        return keys;
    }

    /// <summary>True when <paramref name="claim"/> is indexed under <paramref name="key"/> (the keys of <see cref="For"/>).</summary>
    public static bool Has(LedgerClaim claim, ClaimKey key)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return key.Kind switch
        {
            ClaimKeyKind.PayerClaimNumber => Normalize(claim.PayerClaimNumber) == key.Value,
            ClaimKeyKind.OriginalReference => Normalize(claim.OriginalReference) == key.Value,
            ClaimKeyKind.PatientControlNumber => Normalize(claim.PatientControlNumber) == key.Value,
            _ => For(claim).Contains(key),
        };
    }

    /// <summary>R5 key 3: CLP01 + patient ID + first service date; null when a part is missing.</summary>
    public static string? ServiceKey(string? patientControlNumber, string? patientId, DateOnly? serviceFrom)
    {
        var pcn = Normalize(patientControlNumber);
        var patient = Normalize(patientId);
        if (pcn.Length == 0 || patient.Length == 0 || serviceFrom is null) return null;
        return string.Create(CultureInfo.InvariantCulture, $"{pcn}|{patient}|{serviceFrom.Value:yyyyMMdd}");
    }

    /// <summary>CLP01 + first service date + charge: the same service paid twice.</summary>
    public static string? DuplicateKey(string? patientControlNumber, DateOnly? serviceFrom, decimal charge)
    {
        var pcn = Normalize(patientControlNumber);
        if (pcn.Length == 0 || serviceFrom is null) return null;
        return string.Create(CultureInfo.InvariantCulture, $"{pcn}|{serviceFrom.Value:yyyyMMdd}|{Math.Round(Math.Abs(charge), 2):0.00}");
    }

    /// <summary>An amount as a key, to the cent.</summary>
    public static string Money(decimal amount) => Math.Round(amount, 2).ToString("0.00", CultureInfo.InvariantCulture);

    private static void AddServiceKey(List<ClaimKey> keys, LedgerClaim claim, string? patient)
    {
        if (ServiceKey(claim.PatientControlNumber, patient, claim.ServiceFrom) is { } key) keys.Add(new ClaimKey(ClaimKeyKind.ServiceKey, key));
    }

    private static void Add(List<ClaimKey> keys, ClaimKeyKind kind, string? value)
    {
        var normalized = Normalize(value);
        if (normalized.Length > 0) keys.Add(new ClaimKey(kind, normalized));
    }
}
