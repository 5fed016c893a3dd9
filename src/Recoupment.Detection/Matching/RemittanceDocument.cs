using System.Globalization;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Matching;

/// <summary>
/// One 835 transaction as the engine sees it: the partition and identity, the claims in compact ledger form, and
/// every PLB adjustment pair. Built from streamed items by <see cref="RemittanceDocumentBuilder"/>, so the typed
/// claim objects are dropped as soon as they are read.
/// </summary>
public sealed class RemittanceDocument
{
    /// <summary>The identity (R2): payer, TRN02, BPR02, BPR16 and content hash.</summary>
    public required string DocumentId { get; init; }
    /// <summary>Payer and payee.</summary>
    public required PartitionKey Partition { get; init; }
    /// <summary>The payee's NPI (N1*PE XX), when given.</summary>
    public string? PayeeNpi { get; init; }
    /// <summary>The payee's tax ID, when given.</summary>
    public string? PayeeTaxId { get; init; }
    /// <summary>The payer's name (N1*PR N102), when given.</summary>
    public string? PayerName { get; init; }
    /// <summary>The payee's name (N1*PE N102), when given.</summary>
    public string? PayeeName { get; init; }
    /// <summary>TRN02.</summary>
    public string? Trace { get; init; }
    /// <summary>BPR16, else DTM*405.</summary>
    public DateOnly? Date { get; init; }
    /// <summary>DTM*405.</summary>
    public DateOnly? ProductionDate { get; init; }
    /// <summary>BPR02.</summary>
    public decimal TotalPayment { get; init; }
    /// <summary>BPR01.</summary>
    public string? HandlingCode { get; init; }
    /// <summary>True when BPR02 = Σ CLP04 − Σ PLB.</summary>
    public bool IsBalanced { get; init; } = true;
    /// <summary>False when amounts needed to balance could not be read (then <see cref="IsBalanced"/> says nothing).</summary>
    public bool IsBalanceKnown { get; init; } = true;
    /// <summary>True when the remittance is known not to balance.</summary>
    public bool IsUnbalanced => IsBalanceKnown && !IsBalanced;
    /// <summary>Σ CLP04 − Σ PLB − BPR02.</summary>
    public decimal BalanceDifference { get; init; }
    /// <summary>The content hash of the transaction.</summary>
    public string ContentHash { get; init; } = "";
    /// <summary>The file it came from.</summary>
    public string? File { get; init; }
    /// <summary>Position of the transaction in its file (0-based), for ordering ties.</summary>
    public int Ordinal { get; init; }
    /// <summary>The claims, in file order.</summary>
    public required IReadOnlyList<LedgerClaim> Claims { get; init; }
    /// <summary>Every PLB adjustment pair, in file order.</summary>
    public required IReadOnlyList<ProviderAdjustment> ProviderAdjustments { get; init; }

    /// <summary>The date to use when none was given: matching needs one.</summary>
    public DateOnly EffectiveDate => Date ?? ProductionDate ?? DateOnly.MinValue;

    /// <summary>The record the ledger keeps for idempotency.</summary>
    public DocumentRecord ToRecord() => new(DocumentId, Partition, Trace, TotalPayment, Date, ContentHash, File)
    {
        PayerName = PayerName,
        PayeeName = PayeeName,
        PayeeNpi = PayeeNpi,
    };

    /// <summary>
    /// Processing order (R24): payment date, production date, TRN02, then content hash; file name and position only
    /// break ties between identical copies. Independent of arrival, so the same set of remittances is always processed
    /// in the same order.
    /// </summary>
    public static IComparer<RemittanceDocument> ProcessingOrder { get; } = Comparer<RemittanceDocument>.Create((a, b) =>
    {
        var c = a.EffectiveDate.CompareTo(b.EffectiveDate);
        if (c != 0) return c;
        c = Nullable.Compare(a.ProductionDate, b.ProductionDate);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Trace, b.Trace);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.ContentHash, b.ContentHash);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Partition.ToString(), b.Partition.ToString());
        if (c != 0) return c;
        // Identical copies (the same remittance in two files): the first by file name and position is the one kept.
        c = string.CompareOrdinal(a.File, b.File);
        return c != 0 ? c : a.Ordinal.CompareTo(b.Ordinal);
    });

    /// <summary>The payer key (R1): TRN03, else the payer's N104, else its name, else the interchange sender.</summary>
    public static string PayerKeyOf(RemittanceHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var key = header.TracePayerIdentifier ?? header.Payer.Id ?? header.Payer.Name ?? header.InterchangeSenderId;
        return string.IsNullOrWhiteSpace(key) ? "UNKNOWN" : key.Trim().ToUpperInvariant();
    }

    /// <summary>The payee key: tax ID, else N104, else the name.</summary>
    public static string PayeeKeyOf(RemittanceHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var key = header.PayeeTaxId ?? header.Payee.Id ?? header.Payee.Name;
        return string.IsNullOrWhiteSpace(key) ? "UNKNOWN" : key.Trim().ToUpperInvariant();
    }

    /// <summary>A whole in-memory remittance as a document.</summary>
    public static RemittanceDocument From(Remittance remittance, int ordinal = 0)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        var builder = new RemittanceDocumentBuilder();
        builder.Add(remittance.Header);
        foreach (var claim in remittance.Claims) builder.Add(claim);
        builder.Add(new ProviderAdjustmentSegment { Remittance = remittance.Header, Adjustments = remittance.ProviderAdjustments });
        return builder.Add(remittance.End) ?? throw new InvalidOperationException("The remittance did not complete.");
    }
}

/// <summary>Turns streamed 835 items into <see cref="RemittanceDocument"/>s, one per transaction.</summary>
public sealed class RemittanceDocumentBuilder
{
    private RemittanceHeader? _header;
    private readonly List<LedgerClaim> _claims = [];
    private readonly List<ProviderAdjustment> _adjustments = [];
    private int _ordinal;
    private PartitionKey _partition;

    /// <summary>Adds an item; returns the finished document when the item ends a transaction, else null.</summary>
    public RemittanceDocument? Add(RemittanceItem item)
    {
        switch (item)
        {
            case RemittanceHeader started:
                _header = started;
                _partition = new PartitionKey(RemittanceDocument.PayerKeyOf(started), RemittanceDocument.PayeeKeyOf(started));
                _claims.Clear();
                _adjustments.Clear();
                return null;
            case ClaimPayment claim when _header is not null:
                _claims.Add(ToLedgerClaim(claim, _header, _partition, _claims.Count));
                return null;
            case ProviderAdjustmentSegment plb when _header is not null:
                _adjustments.AddRange(plb.Adjustments);
                return null;
            case RemittanceEnd end when _header is not null:
                var header = _header;
                _header = null;
                var documentId = string.Join('|', _partition.PayerId, header.TraceNumber ?? "",
                    header.Payment.TotalPaymentAmount.ToString("0.00", CultureInfo.InvariantCulture),
                    header.EffectiveDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "", end.ContentHash);
                var claims = _claims.ToArray();
                // Claims carry the document id, known only now that the content hash is.
                foreach (var claim in claims) claim.DocumentId = documentId;
                return new RemittanceDocument
                {
                    DocumentId = documentId,
                    Partition = _partition,
                    PayeeNpi = header.PayeeNpi,
                    PayeeTaxId = header.PayeeTaxId,
                    PayerName = NameOf(header.Payer),
                    PayeeName = NameOf(header.Payee),
                    Trace = header.TraceNumber,
                    Date = header.EffectiveDate,
                    ProductionDate = header.ProductionDate,
                    TotalPayment = header.Payment.TotalPaymentAmount,
                    HandlingCode = header.Payment.TransactionHandlingCode,
                    IsBalanced = end.IsBalanced,
                    IsBalanceKnown = end.IsBalanceKnown,
                    BalanceDifference = end.BalanceDifference,
                    ContentHash = end.ContentHash,
                    File = header.File,
                    Ordinal = _ordinal++,
                    Claims = claims,
                    ProviderAdjustments = _adjustments.ToArray(),
                };
            default:
                return null;
        }
    }

    /// <summary>N102 trimmed, or null when blank.</summary>
    private static string? NameOf(Party party) => string.IsNullOrWhiteSpace(party.Name) ? null : party.Name.Trim();

    /// <summary>The compact ledger form of a claim.</summary>
    public static LedgerClaim ToLedgerClaim(ClaimPayment claim, RemittanceHeader header, PartitionKey partition, int position)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(header);
        // Plain loops: this runs once per claim read.
        var adjustments = new List<AdjustmentAmount>(claim.Adjustments.Count + claim.ServiceLines.Count);
        Sum(adjustments, claim.Adjustments);
        var lines = claim.ServiceLines.Count == 0 ? [] : new LedgerLine[claim.ServiceLines.Count];
        DateOnly? firstLineDate = null, lastLineDate = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var l = claim.ServiceLines[i];
            Sum(adjustments, l.Adjustments);
            var date = l.ServiceDate ?? l.ServicePeriodStart;
            if (date is { } d && (firstLineDate is null || d < firstLineDate)) firstLineDate = d;
            if ((l.ServicePeriodEnd ?? l.ServiceDate) is { } e && (lastLineDate is null || e > lastLineDate)) lastLineDate = e;
            lines[i] = new LedgerLine
            {
                Procedure = l.Procedure.Qualifier.Length == 0 ? "" : string.Concat(l.Procedure.Qualifier, ":", l.Procedure.Code),
                Modifiers = l.Procedure.Modifiers.Count switch { 0 => "", 1 => l.Procedure.Modifiers[0], _ => string.Join(':', l.Procedure.Modifiers) },
                Units = l.UnitsPaid,
                Charge = l.ChargeAmount,
                Paid = l.PaymentAmount,
                SubmittedProcedure = l.SubmittedProcedure is { } s ? string.Concat(s.Qualifier, ":", s.Code) : null,
                LineControlNumber = l.LineItemControlNumber,
                ServiceDate = date,
            };
        }

        string? patient = null, corrected = null, insured = null, rendering = null;
        var priorityPayer = false;
        foreach (var name in claim.Names)
        {
            switch (name.EntityCode)
            {
                case "QC": patient ??= name.Id; break;
                case "74": corrected ??= name.Id; break;
                case "IL": insured ??= name.Id; break;
                case "82": rendering ??= name.Id; break;
                case "PR": priorityPayer = true; break;
            }
        }

        return new LedgerClaim
        {
            Partition = partition,
            DocumentId = "",
            RemittanceTrace = header.TraceNumber,
            RemittanceDate = header.EffectiveDate,
            ProviderId = header.PayeeNpi ?? header.Payee.Id,
            PatientControlNumber = claim.PatientControlNumber,
            StatusCode = claim.StatusCode,
            Charge = claim.ChargeAmount,
            Paid = claim.PaymentAmount,
            PatientResponsibility = claim.PatientResponsibilityAmount,
            FilingIndicator = claim.FilingIndicatorCode,
            PayerClaimNumber = claim.PayerClaimControlNumber,
            OriginalReference = claim.OriginalReferenceNumber,
            PatientId = patient,
            CorrectedPatientId = corrected,
            InsuredId = insured,
            RenderingProviderId = rendering,
            HasCorrectedPriorityPayer = priorityPayer,
            ServiceFrom = claim.StatementFrom ?? firstLineDate,
            ServiceTo = claim.StatementTo ?? lastLineDate,
            Adjustments = adjustments,
            RemarkCodes = RemarkCodesOf(claim),
            Lines = lines,
            Position = position,
        };
    }

    private static void Sum(List<AdjustmentAmount> totals, IReadOnlyList<ClaimAdjustment> adjustments)
    {
        foreach (var a in adjustments)
        {
            var i = 0;
            while (i < totals.Count && (totals[i].Group != a.Group || totals[i].Reason != a.Reason)) i++;
            if (i == totals.Count) totals.Add(new AdjustmentAmount(a.Group, a.Reason, a.Amount));
            else totals[i] = totals[i] with { Amount = totals[i].Amount + a.Amount };
        }
    }

    private static IReadOnlyList<string> RemarkCodesOf(ClaimPayment claim)
    {
        List<string>? codes = null;
        void Add(string code)
        {
            codes ??= [];
            if (!codes.Contains(code)) codes.Add(code);
        }
        foreach (var code in claim.InpatientAdjudication?.RemarkCodes ?? []) Add(code);
        foreach (var code in claim.OutpatientAdjudication?.RemarkCodes ?? []) Add(code);
        foreach (var line in claim.ServiceLines)
        {
            foreach (var remark in line.Remarks) Add(remark.Code);
        }
        return (IReadOnlyList<string>?)codes ?? [];
    }
}
