using System.Text;

namespace Recoupment.Detection.Tests.Support;

/// <summary>
/// An independent, deliberately simple X12 counter (strings and Split, nothing shared with the reader) used to check
/// the reader's counts on well-formed files.
/// </summary>
public static class NaiveX12Counter
{
    public sealed record Counts(int Interchanges, int Groups, int Transactions, int Transactions835, int Segments, int Claims, int ServiceLines, int AdjustmentPairs);

    public static Counts Count(byte[] bytes)
    {
        var text = System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        int isa = 0, gs = 0, st = 0, st835 = 0, segments = 0, clp = 0, svc = 0, pairs = 0;
        var at = text.IndexOf("ISA", StringComparison.Ordinal);
        while (at >= 0)
        {
            var sep = text[at + 3];
            // ISA16 is the character after the 16th separator; the terminator follows it.
            var p = at;
            for (var k = 0; k < 16; k++) p = text.IndexOf(sep, p + 1);
            var terminator = text[p + 2];
            var bodyStart = p + 3;
            if (terminator is '\r' or '\n')
            {
                var q = p + 2;
                while (q < text.Length && text[q] is '\r' or '\n') q++;
                if (q + 1 < text.Length && !char.IsLetterOrDigit(text[q]) && char.IsLetterOrDigit(text[q + 1]))
                {
                    terminator = text[q];
                    bodyStart = q + 1;
                }
            }
            isa++;
            segments++;
            var in835 = false;
            var next = -1;
            var pieces = text[bodyStart..].Split(terminator);
            var consumed = bodyStart;
            foreach (var raw in pieces)
            {
                consumed += raw.Length + 1;
                var seg = raw.Trim();
                if (seg.Length == 0) continue;
                var elements = seg.Split(sep);
                var id = elements[0];
                segments++;
                switch (id)
                {
                    case "GS": gs++; break;
                    case "ST":
                        st++;
                        in835 = elements[1] == "835";
                        if (in835) st835++;
                        break;
                    case "SE": in835 = false; break;
                    case "CLP" when in835: clp++; break;
                    case "SVC" when in835: svc++; break;
                    case "PLB" when in835:
                        for (var e = 3; e < elements.Length; e += 2)
                        {
                            if (elements[e].Length > 0 || (e + 1 < elements.Length && elements[e + 1].Length > 0)) pairs++;
                        }
                        break;
                }
                if (id == "IEA")
                {
                    next = consumed >= text.Length ? -1 : text.IndexOf("ISA", consumed, StringComparison.Ordinal);
                    break;
                }
            }
            at = next;
        }
        return new Counts(isa, gs, st, st835, segments, clp, svc, pairs);
    }
}
