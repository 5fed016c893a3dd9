using System.Globalization;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Matching;

/// <summary>What a PLB reference (PLB03-2) was parsed into (R13).</summary>
/// <param name="Raw">The reference as given.</param>
/// <param name="Whole">The normalised whole reference.</param>
/// <param name="Tokens">Normalised candidate claim keys, most specific first (ICN/FCN first).</param>
/// <param name="ServiceDate">A date of service found in the reference (Anthem style), if any.</param>
/// <param name="Format">Which parser recognised it: MedicareAB (also DME FCN+CCN), DmeRac, Tokens, Whole, Empty.</param>
public sealed record ParsedReference(string? Raw, string Whole, IReadOnlyList<string> Tokens, DateOnly? ServiceDate, string Format)
{
    /// <summary>True when no token looks like a claim identifier (fewer than 4 characters or no digit).</summary>
    public bool IsUnparseable => Tokens.Count == 0;

    /// <summary>Every key to look the reference up by: the whole value and the tokens.</summary>
    public IReadOnlyCollection<string> Keys => Whole.Length == 0 ? Tokens : [Whole, .. Tokens.Where(t => t != Whole)];
}

/// <summary>
/// Parses PLB references into candidate keys (R13): Medicare A/B fixed width (ICN in 1–19, PCN or HIC in 20–39),
/// DME RAC (<c>00</c> + CCN in 3–19 + HIC in 20–30), DME FCN (1–14) + adjustment CCN (15–29), whitespace tokens
/// (patient account, CCYYMMDD date of service, claim number), and the whole string.
/// </summary>
public static class ReferenceParser
{
    /// <summary>Parses a reference.</summary>
    public static ParsedReference Parse(string? reference)
    {
        var raw = reference?.Trim();
        if (string.IsNullOrEmpty(raw)) return new ParsedReference(reference, "", [], null, "Empty");
        var whole = ClaimKeys.Normalize(raw);
        var tokens = new List<string>();
        DateOnly? serviceDate = null;
        var format = "Whole";

        var parts = raw.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1)
        {
            format = "Tokens";
            foreach (var part in parts)
            {
                if (part.Length == 8 && part.All(char.IsAsciiDigit)
                    && DateOnly.TryParseExact(part, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year > 1900)
                {
                    serviceDate ??= date;
                    continue;
                }
                AddToken(tokens, part);
            }
        }
        else if (raw.Length >= 30 && raw.StartsWith("00", StringComparison.Ordinal) && raw.Length <= 30)
        {
            // DME RAC reporting (CR7068): "00", adjustment CCN in 3-19, HIC in 20-30.
            format = "DmeRac";
            AddToken(tokens, raw[2..19]);
            AddToken(tokens, raw[19..]);
        }
        else if (raw.Length > 19)
        {
            // Medicare A/B (MM7499): ICN/FCN in positions 1-19, PCN (or HIC/MBI) in 20-39.
            format = "MedicareAB";
            AddToken(tokens, raw[..19]);
            AddToken(tokens, raw[19..Math.Min(raw.Length, 39)]);
            if (raw.Length <= 29)
            {
                // DME (CR7499): FCN in 1-14, adjustment CCN in 15-29.
                AddToken(tokens, raw[..14]);
                AddToken(tokens, raw[14..]);
            }
        }
        if (tokens.Count == 0 || format == "Whole") AddToken(tokens, raw);
        return new ParsedReference(reference, whole, tokens, serviceDate, format);
    }

    private static void AddToken(List<string> tokens, string value)
    {
        var token = ClaimKeys.Normalize(value);
        // A claim key has at least 4 characters and a digit; "ADJ" or "PAYER WRITE OFF" are not keys.
        if (token.Length < 4 || !token.Any(char.IsAsciiDigit)) return;
        if (!tokens.Contains(token)) tokens.Add(token);
    }
}
