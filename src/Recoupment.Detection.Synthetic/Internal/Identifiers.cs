namespace Recoupment.Detection.Synthetic.Internal;

/// <summary>Clearly fake identifiers with valid shapes.</summary>
internal static class Identifiers
{
    /// <summary>A 10-digit NPI: the 9-digit base plus its Luhn check digit (computed with the 80840 prefix).</summary>
    public static string Npi(string base9)
    {
        var digits = "80840" + base9;
        var sum = 0;
        var dbl = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (dbl)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        var check = (10 - sum % 10) % 10;
        return base9 + (char)('0' + check);
    }
}
