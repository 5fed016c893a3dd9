using System.Text;

namespace Recoupment.Detection.Tests.Support;

/// <summary>
/// Builds X12 text for tests. Segments are written with <c>*</c> elements and <c>:</c> components and without
/// terminators; the builder adds the envelope with correct counts and control numbers and swaps in the delimiters asked for.
/// </summary>
public static class X12Text
{
    /// <summary>An ISA with the given control number and delimiters, 106 characters when delimiters are single characters.</summary>
    public static string Isa(string control = "000000905", char element = '*', char component = ':', char repetition = '^', string version = "00501", string element1 = "")
    {
        var e = element1.Length > 0 ? element1 : element.ToString();
        string[] fields = ["ISA", "00", "          ", "00", "          ", "ZZ", "SENDER         ", "ZZ", "RECEIVER       ", "260115", "1200", repetition.ToString(), version, control, "0", "P", component.ToString()];
        return string.Join(e, fields);
    }

    /// <summary>One interchange with one group holding the given transaction sets (each a list of segments between ST and SE).</summary>
    public static string Interchange(IEnumerable<IEnumerable<string>> transactions, char element = '*', char component = ':', string terminator = "~",
        string after = "", string control = "000000905", char repetition = '^', string transactionSet = "835", string group = "HP")
    {
        var sb = new StringBuilder();
        sb.Append(Isa(control, element, component, repetition)).Append(terminator).Append(after);
        var segments = new List<string> { $"GS*{group}*SENDER*RECEIVER*20260115*1200*1*X*005010X221A1" };
        var n = 0;
        foreach (var transaction in transactions)
        {
            n++;
            var st = $"{n:0000}";
            var body = transaction.ToList();
            segments.Add($"ST*{transactionSet}*{st}");
            segments.AddRange(body);
            segments.Add($"SE*{body.Count + 2}*{st}");
        }
        segments.Add($"GE*{n}*1");
        segments.Add($"IEA*1*{control}");
        foreach (var segment in segments)
        {
            sb.Append(Swap(segment, element, component)).Append(terminator).Append(after);
        }
        return sb.ToString();
    }

    /// <summary>A small balanced 835 body (between ST and SE): one claim, one line.</summary>
    public static IReadOnlyList<string> SimpleRemittance(string trace = "12345", string icn = "ICN0001") =>
    [
        "BPR*I*80*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260115",
        $"TRN*1*{trace}*1512345678",
        "DTM*405*20260114",
        "N1*PR*ACME HEALTH PLAN",
        "N1*PE*RIVER CLINIC*XX*1234567893",
        "LX*1",
        $"CLP*PCN001*1*100*80*0*12*{icn}*11*1",
        "NM1*QC*1*DOE*JANE****MI*W123456789",
        "SVC*HC:99213:25*100*80**1",
        "DTM*472*20260102",
        "CAS*CO*45*20",
    ];

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Swap(string segment, char element, char component)
    {
        var chars = segment.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '*') chars[i] = element;
            else if (chars[i] == ':') chars[i] = component;
        }
        return new string(chars);
    }
}
