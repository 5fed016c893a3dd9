using System.Text;

namespace Recoupment.Detection.Tests.Support;

/// <summary>
/// An independent, deliberately simple X12 counter (strings and Split, nothing shared with the reader) used to check
/// the reader's counts on well-formed files.
/// </summary>
public static class NaiveX12Counter
{
    public sealed record Counts(int Interchanges, int Groups, int Transactions, int Transactions835, int Segments, int Claims, int ServiceLines, int AdjustmentPairs)
    {
        /// <summary>835 transactions whose BPR02 differs from Σ CLP04 − Σ PLB (all amounts numeric).</summary>
        public int UnbalancedTransactions { get; set; }
        /// <summary>Claims whose CLP03 − Σ CAS differs from CLP04.</summary>
        public int UnbalancedClaims { get; set; }
        /// <summary>Service lines whose SVC02 − Σ CAS differs from SVC03.</summary>
        public int UnbalancedLines { get; set; }
    }

    public static Counts Count(byte[] bytes)
    {
        var text = System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        int isa = 0, gs = 0, st = 0, st835 = 0, segments = 0, clp = 0, svc = 0, pairs = 0;
        var balance = new Balance();
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
                        if (in835)
                        {
                            st835++;
                            balance.Begin();
                        }
                        break;
                    case "SE" when in835:
                        in835 = false;
                        balance.End();
                        break;
                    case "CLP" when in835:
                        clp++;
                        balance.Claim(elements);
                        break;
                    case "SVC" when in835:
                        svc++;
                        balance.Line(elements);
                        break;
                    case "CAS" when in835: balance.Adjustment(elements); break;
                    case "BPR" when in835: balance.Payment(elements); break;
                    case "PLB" when in835:
                        balance.EndClaim();
                        for (var e = 3; e < elements.Length; e += 2)
                        {
                            if (elements[e].Length == 0 && (e + 1 >= elements.Length || elements[e + 1].Length == 0)) continue;
                            pairs++;
                            balance.ProviderAdjustment(e + 1 < elements.Length ? elements[e + 1] : "");
                        }
                        break;
                    case "LX" when in835: balance.EndClaim(); break;
                }
                if (id == "IEA")
                {
                    next = consumed >= text.Length ? -1 : text.IndexOf("ISA", consumed, StringComparison.Ordinal);
                    break;
                }
            }
            at = next;
        }
        return new Counts(isa, gs, st, st835, segments, clp, svc, pairs)
        {
            UnbalancedTransactions = balance.UnbalancedTransactions,
            UnbalancedClaims = balance.UnbalancedClaims,
            UnbalancedLines = balance.UnbalancedLines,
        };
    }

    /// <summary>Balancing by the TR3 formulas with decimal.Parse; anything non-numeric makes the level unknown.</summary>
    private sealed class Balance
    {
        private decimal? _bpr, _clpSum, _plbSum;
        private decimal? _claimCharge, _claimPaid, _claimCas;
        private decimal? _lineCharge, _linePaid, _lineCas;
        private bool _inLine;
        public int UnbalancedTransactions, UnbalancedClaims, UnbalancedLines;

        private static decimal? Num(string[] e, int i) =>
            i < e.Length && decimal.TryParse(e[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

        public void Begin()
        {
            _bpr = null;
            _clpSum = 0;
            _plbSum = 0;
            _claimPaid = null;
            _inLine = false;
        }

        public void Payment(string[] e) => _bpr = Num(e, 2);

        public void Claim(string[] e)
        {
            EndClaim();
            _claimCharge = Num(e, 3);
            _claimPaid = Num(e, 4);
            _claimCas = 0;
            _clpSum = _claimPaid is null ? null : _clpSum + _claimPaid;
        }

        public void Line(string[] e)
        {
            EndLine();
            _inLine = true;
            _lineCharge = Num(e, 2);
            _linePaid = Num(e, 3);
            _lineCas = 0;
        }

        public void Adjustment(string[] e)
        {
            for (var i = 3; i < e.Length; i += 3)
            {
                if (e[i].Length == 0 && e[i - 1].Length == 0) continue;
                var amount = Num(e, i);
                _claimCas = amount is null ? null : _claimCas + amount;
                if (_inLine) _lineCas = amount is null ? null : _lineCas + amount;
            }
        }

        public void ProviderAdjustment(string amount) =>
            _plbSum = amount.Length == 0 ? null : Num([amount], 0) is { } v ? _plbSum + v : null;

        private void EndLine()
        {
            if (_inLine && _lineCharge is { } c && _linePaid is { } p && _lineCas is { } a && c - a != p) UnbalancedLines++;
            _inLine = false;
        }

        public void EndClaim()
        {
            EndLine();
            if (_claimPaid is { } p && _claimCharge is { } c && _claimCas is { } a && c - a != p) UnbalancedClaims++;
            _claimPaid = null;
        }

        public void End()
        {
            EndClaim();
            if (_bpr is { } b && _clpSum is { } s && _plbSum is { } l && s - l != b) UnbalancedTransactions++;
        }
    }
}
