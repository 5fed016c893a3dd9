using System.Globalization;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Era835;

/// <summary>
/// The push side of the 835 reader: fed every segment by an <see cref="X12Reader"/> loop, it builds one typed item at a
/// time (header, claim with its lines, PLB segment, end) and hands each to a callback as soon as it is complete. It checks
/// loop order and balancing (line, claim, transaction) and reports problems as diagnostics, never exceptions.
/// Segments of other transaction sets (837, 999...) pass through untouched.
/// </summary>
/// <remarks>
/// Give the parser to the X12 reader state as its diagnostic sink (<see cref="Era835Reader"/> does) so that envelope
/// diagnostics are attached to the transaction they occur in.
/// </remarks>
public sealed class Era835Parser : IX12SegmentHandler, IDiagnosticSink
{
    private static readonly HashSet<string> ProcedureQualifiers = ["AD", "ER", "HC", "HP", "IV", "N4", "N6", "NU", "UI", "WK", "ZZ", "ID", "RB"];

    /// <summary>How many diagnostics a <see cref="RemittanceEnd"/> keeps; the sink receives all of them.</summary>
    public const int MaxDiagnosticsPerTransaction = 1000;

    private readonly Action<RemittanceItem> _emit;
    private readonly IDiagnosticSink? _sink;
    private readonly ShortStrings _strings = new();

    // Envelope context, captured when ISA and GS pass by.
    private string? _isaSender;
    private string? _isaReceiver;
    private string? _isaControl;
    private string? _gsSender;
    private string? _gsReceiver;
    private string? _gsControl;
    private string? _gsVersion;

    // The transaction being read.
    private RemittanceHeader? _header;
    private List<Diagnostic>? _diagnostics;
    private int _errorCount;
    private Loop _loop;
    private bool _sawBpr;
    private bool _sawTrn;
    private bool _sawPayer;
    private bool _sawPayee;
    private bool _ignoringParty;
    private bool _headerEmitted;
    private bool _amountsValid;
    private ClaimGroup? _group;
    private ClaimPayment? _claim;
    private bool _claimAmountsValid;
    private long _claimSegmentIndex;
    private ServiceLine? _line;
    private bool _lineAmountsValid;
    private long _lineSegmentIndex;
    private int _claimCount;
    private int _lineCount;
    private int _plbSegments;
    private int _plbPairs;
    private decimal _sumClp04;
    private decimal _sumPlb;
    private ContentHash _hash;

    // The collections of the claim and line being read, reused: the model gets exact-size arrays when each closes.
    private readonly List<ClaimAdjustment> _claimAdjustments = [];
    private readonly List<PersonOrEntity> _names = [];
    private readonly List<Reference> _claimReferences = [];
    private readonly List<QualifiedAmount> _claimAmounts = [];
    private readonly List<QualifiedQuantity> _claimQuantities = [];
    private readonly List<Contact> _claimContacts = [];
    private readonly List<ServiceLine> _lines = [];
    private readonly List<ClaimAdjustment> _lineAdjustments = [];
    private readonly List<Reference> _lineReferences = [];
    private readonly List<QualifiedAmount> _lineAmounts = [];
    private readonly List<QualifiedQuantity> _lineQuantities = [];
    private readonly List<RemarkCode> _lineRemarks = [];
    private decimal _claimAdjustmentTotal;
    private decimal _lineAdjustmentTotal;

    /// <summary>Creates a parser.</summary>
    /// <param name="emit">Receives each item as soon as it is complete.</param>
    /// <param name="diagnostics">Receives every diagnostic (X12 ones too when the parser is the X12 reader's sink).</param>
    public Era835Parser(Action<RemittanceItem> emit, IDiagnosticSink? diagnostics = null)
    {
        _emit = emit ?? throw new ArgumentNullException(nameof(emit));
        _sink = diagnostics;
    }

    private enum Loop : byte
    {
        Header,
        Payer,
        Payee,
        Group,
        Claim,
        Line,
        Summary,
    }

    /// <inheritdoc />
    public void Report(Diagnostic diagnostic)
    {
        _sink?.Report(diagnostic);
        // A transaction keeps at most this many of its diagnostics (they all still reach the sink), so a huge
        // transaction with a warning on every claim cannot grow memory without bound.
        if (_diagnostics is null) return;
        if (diagnostic.IsError) _errorCount++;
        if (_diagnostics.Count < MaxDiagnosticsPerTransaction) _diagnostics.Add(diagnostic);
    }

    /// <summary>Closes a transaction left open at the end of the input. Call once after the last segment.</summary>
    public void Complete() => Complete(-1, -1);

    /// <summary>Closes a transaction left open at the end of the input, locating its end there.</summary>
    /// <param name="endOffset">The input's length in bytes (<see cref="X12ReaderState.BytesConsumedTotal"/> after the last block).</param>
    /// <param name="segmentCount">The number of segments read (<see cref="X12Statistics.Segments"/>), the index the next segment would have.</param>
    public void Complete(long endOffset, long segmentCount)
    {
        if (_header is not null) EndTransaction(hasTrailer: false, endOffset, segmentCount);
    }

    /// <inheritdoc />
    public void OnSegment(ref X12Reader reader)
    {
        var segment = reader.Segment;
        var id = segment.Id;
        var key = Key(id);
        switch (key)
        {
            case 'I' | 'S' << 8 | 'A' << 16:
                _isaSender = segment.GetString(6)?.Trim();
                _isaReceiver = segment.GetString(8)?.Trim();
                _isaControl = segment.GetString(13)?.Trim();
                return;
            case 'G' | 'S' << 8:
                _gsSender = segment.GetString(2);
                _gsReceiver = segment.GetString(3);
                _gsControl = segment.GetString(6);
                _gsVersion = segment.GetString(8);
                return;
            case 'S' | 'T' << 8:
                if (_header is not null) EndTransaction(hasTrailer: false, reader.SegmentOffset, reader.SegmentIndex);
                if (segment[1].SequenceEqual("835"u8)) BeginTransaction(ref reader);
                return;
            case 'S' | 'E' << 8:
                if (_header is not null) EndTransaction(hasTrailer: true, reader.SegmentOffset, reader.SegmentIndex);
                return;
            case 'G' | 'E' << 8:
            case 'I' | 'E' << 8 | 'A' << 16:
                // A transaction cannot run past its group: without SE it ends here, where the X12 layer reports it.
                if (_header is not null) EndTransaction(hasTrailer: false, reader.SegmentOffset, reader.SegmentIndex);
                return;
        }
        if (_header is null) return;

        _hash.AddSegment(segment);
        switch (key)
        {
            case 'B' | 'P' << 8 | 'R' << 16: OnBpr(ref reader, segment); break;
            case 'T' | 'R' << 8 | 'N' << 16: OnTrn(ref reader, segment); break;
            case 'C' | 'U' << 8 | 'R' << 16:
                HeaderOnly(ref reader);
                _header.Currency = Str(segment[2]);
                break;
            case 'R' | 'E' << 8 | 'F' << 16: OnRef(ref reader, segment); break;
            case 'D' | 'T' << 8 | 'M' << 16: OnDtm(ref reader, segment); break;
            case 'N' | '1' << 8: OnN1(ref reader, segment); break;
            case 'N' | '3' << 8: OnN3(ref reader, segment); break;
            case 'N' | '4' << 8: OnN4(ref reader, segment); break;
            case 'P' | 'E' << 8 | 'R' << 16: OnPer(ref reader, segment); break;
            case 'R' | 'D' << 8 | 'M' << 16: break;
            case 'L' | 'X' << 8: OnLx(ref reader, segment); break;
            case 'T' | 'S' << 8 | '3' << 16: OnTs3(ref reader, segment); break;
            case 'T' | 'S' << 8 | '2' << 16: OnTs2(ref reader, segment); break;
            case 'C' | 'L' << 8 | 'P' << 16: OnClp(ref reader, segment); break;
            case 'C' | 'A' << 8 | 'S' << 16: OnCas(ref reader, segment); break;
            case 'N' | 'M' << 8 | '1' << 16: OnNm1(ref reader, segment); break;
            case 'M' | 'I' << 8 | 'A' << 16: OnAdjudication(ref reader, segment, inpatient: true); break;
            case 'M' | 'O' << 8 | 'A' << 16: OnAdjudication(ref reader, segment, inpatient: false); break;
            case 'A' | 'M' << 8 | 'T' << 16: OnAmt(ref reader, segment); break;
            case 'Q' | 'T' << 8 | 'Y' << 16: OnQty(ref reader, segment); break;
            case 'S' | 'V' << 8 | 'C' << 16: OnSvc(ref reader, segment); break;
            case 'L' | 'Q' << 8: OnLq(ref reader, segment); break;
            case 'P' | 'L' << 8 | 'B' << 16: OnPlb(ref reader, segment); break;
            default:
                Report(ref reader, DiagnosticCodes.UnexpectedSegment, DiagnosticSeverity.Warning, "Segment is not defined for the 835 here; it was ignored.");
                break;
        }
    }

    private static int Key(ReadOnlySpan<byte> id) => id.Length switch
    {
        2 => id[0] | id[1] << 8,
        3 => id[0] | id[1] << 8 | id[2] << 16,
        _ => 0,
    };

    // ---- Transaction -------------------------------------------------------------------------------------------

    private void BeginTransaction(ref X12Reader reader)
    {
        _diagnostics = [];
        _errorCount = 0;
        _header = new RemittanceHeader
        {
            ByteOffset = reader.SegmentOffset,
            SegmentIndex = reader.SegmentIndex,
            File = reader.FileName,
            InterchangeSenderId = _isaSender,
            InterchangeReceiverId = _isaReceiver,
            InterchangeControlNumber = _isaControl,
            GroupSenderCode = _gsSender,
            GroupReceiverCode = _gsReceiver,
            GroupControlNumber = _gsControl,
            Version = _gsVersion,
            TransactionControlNumber = reader.Segment.GetString(2),
        };
        _loop = Loop.Header;
        _sawBpr = _sawTrn = _sawPayer = _sawPayee = _ignoringParty = _headerEmitted = _sawBprOrderReported = false;
        _amountsValid = true;
        _group = null;
        _claim = null;
        _line = null;
        _claimCount = _lineCount = _plbSegments = _plbPairs = 0;
        _sumClp04 = _sumPlb = 0;
        _hash = ContentHash.Create();
    }

    private void EndTransaction(bool hasTrailer, long offset, long segmentIndex)
    {
        var header = _header!;
        CloseClaim();
        EmitHeader();
        if (!hasTrailer)
        {
            ReportAt(offset, segmentIndex, null, 0, DiagnosticCodes.TruncatedTransaction, DiagnosticSeverity.Error,
                "The 835 transaction ended without SE; the claims read so far are reported.");
        }
        if (!_sawBpr) ReportAt(header.ByteOffset, header.SegmentIndex, "ST", 0, DiagnosticCodes.MissingRequiredSegment, DiagnosticSeverity.Error, "BPR (financial information) is missing.");
        if (!_sawTrn) ReportAt(header.ByteOffset, header.SegmentIndex, "ST", 0, DiagnosticCodes.MissingRequiredSegment, DiagnosticSeverity.Error, "TRN (reassociation trace number) is missing.");
        if (!_sawPayer) ReportAt(header.ByteOffset, header.SegmentIndex, "ST", 0, DiagnosticCodes.MissingRequiredSegment, DiagnosticSeverity.Error, "The payer identification loop (N1*PR) is missing.");
        if (!_sawPayee) ReportAt(header.ByteOffset, header.SegmentIndex, "ST", 0, DiagnosticCodes.MissingRequiredSegment, DiagnosticSeverity.Error, "The payee identification loop (N1*PE) is missing.");

        var difference = _sumClp04 - _sumPlb - header.Payment.TotalPaymentAmount;
        var balanced = _sawBpr && _amountsValid && difference == 0;
        if (_sawBpr && _amountsValid && difference != 0)
        {
            ReportAt(_bprOffset, _bprIndex, "BPR", 2, DiagnosticCodes.TransactionUnbalanced, DiagnosticSeverity.Error,
                $"The remittance does not balance: the sum of claim payments (CLP04) less the sum of provider adjustments (PLB) differs from BPR02 by {Money(difference)}.");
        }

        var end = new RemittanceEnd
        {
            ByteOffset = offset,
            SegmentIndex = segmentIndex,
            Remittance = header,
            ClaimCount = _claimCount,
            ServiceLineCount = _lineCount,
            ProviderAdjustmentCount = _plbPairs,
            TotalClaimPayments = _sumClp04,
            TotalProviderAdjustments = _sumPlb,
            BalanceDifference = difference,
            IsBalanced = balanced,
            IsBalanceKnown = _sawBpr && _amountsValid,
            HasTrailer = hasTrailer,
            ContentHash = _hash.ToHex(),
            Diagnostics = _diagnostics!,
            ErrorCount = _errorCount,
        };
        _header = null;
        _diagnostics = null;
        _emit(end);
    }

    private void EmitHeader()
    {
        if (_headerEmitted) return;
        _headerEmitted = true;
        _emit(_header!);
    }

    // ---- Header ------------------------------------------------------------------------------------------------

    private long _bprOffset;
    private long _bprIndex;

    private void OnBpr(ref X12Reader reader, scoped X12Segment s)
    {
        HeaderOnly(ref reader);
        if (_sawBpr) return;
        _sawBpr = true;
        _bprOffset = reader.SegmentOffset;
        _bprIndex = reader.SegmentIndex;
        var p = _header!.Payment;
        p.TransactionHandlingCode = Str(s[1]);
        p.TotalPaymentAmount = RequiredAmount(ref reader, s, 2, ref _amountsValid);
        p.CreditDebitFlag = Str(s[3]);
        p.PaymentMethod = Str(s[4]);
        p.PaymentFormat = Str(s[5]);
        p.SenderDfiQualifier = Str(s[6]);
        p.SenderDfiId = Str(s[7]);
        p.SenderAccountQualifier = Str(s[8]);
        p.SenderAccountNumber = Str(s[9]);
        p.OriginatingCompanyId = Str(s[10]);
        p.OriginatingCompanySupplementalCode = Str(s[11]);
        p.ReceiverDfiQualifier = Str(s[12]);
        p.ReceiverDfiId = Str(s[13]);
        p.ReceiverAccountQualifier = Str(s[14]);
        p.ReceiverAccountNumber = Str(s[15]);
        p.PaymentDate = Date(ref reader, s, 16);
        if (p.CreditDebitFlag == "D")
        {
            Report(ref reader, DiagnosticCodes.UnusualPayment, DiagnosticSeverity.Warning, "BPR03 is D (debit): a provider payment is normally a credit.", 3);
        }
        if (p.TotalPaymentAmount == 0 && p.TransactionHandlingCode is not ("H" or "P") && _amountsValid)
        {
            Report(ref reader, DiagnosticCodes.UnusualPayment, DiagnosticSeverity.Warning, "BPR02 is zero but BPR01 is neither H (notification only) nor P (prenotification).", 2);
        }
    }

    private void OnTrn(ref X12Reader reader, scoped X12Segment s)
    {
        HeaderOnly(ref reader);
        if (_sawTrn) return;
        _sawTrn = true;
        _header!.TraceTypeCode = Str(s[1]);
        _header.TraceNumber = Str(s[2]);
        _header.TracePayerIdentifier = Str(s[3]);
        _header.TraceSupplementalCode = Str(s[4]);
        if (_header.TraceNumber is null) Report(ref reader, DiagnosticCodes.InvalidElement, DiagnosticSeverity.Error, "TRN02 (check or EFT trace number) is missing.", 2);
    }

    private void HeaderOnly(ref X12Reader reader)
    {
        if (_loop != Loop.Header)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Header segment after the payer or payee loop; it belongs before the N1 loops.");
        }
        else if (!_sawBpr && !_sawBprOrderReported && !reader.Segment.Is("BPR"u8))
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "BPR must be the first segment after ST.");
            _sawBprOrderReported = true;
        }
    }

    private bool _sawBprOrderReported;

    private void OnN1(ref X12Reader reader, scoped X12Segment s)
    {
        var entity = s[1];
        var isPayer = entity.SequenceEqual("PR"u8);
        var isPayee = entity.SequenceEqual("PE"u8);
        if (!isPayer && !isPayee)
        {
            Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, "N101 is neither PR (payer) nor PE (payee); the loop was ignored.", 1);
            _ignoringParty = true;
            return;
        }
        if (_loop > Loop.Payee || (isPayer && _sawPayer) || (isPayee && _sawPayee))
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error,
                isPayer ? "Payer identification (N1*PR) repeated or after the claims; the 835 has one payer loop before the detail. It was ignored."
                        : "Payee identification (N1*PE) repeated or after the claims; the 835 has one payee loop before the detail. It was ignored.", 1);
            _ignoringParty = true;
            return;
        }
        if (isPayee && !_sawPayer)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Payee identification (N1*PE) before the payer (N1*PR).", 1);
        }
        _ignoringParty = false;
        var party = isPayer ? _header!.Payer : _header!.Payee;
        if (isPayer) _sawPayer = true;
        else _sawPayee = true;
        _loop = isPayer ? Loop.Payer : Loop.Payee;
        party.EntityCode = Str(s[1]);
        party.Name = Str(s[2]);
        party.IdQualifier = Str(s[3]);
        party.Id = Str(s[4]);
    }

    private Party? CurrentParty(ref X12Reader reader)
    {
        if (_ignoringParty) return null;
        if (_loop == Loop.Payer) return _header!.Payer;
        if (_loop == Loop.Payee) return _header!.Payee;
        Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Address or contact segment outside the payer and payee loops; it was ignored.");
        return null;
    }

    private void OnN3(ref X12Reader reader, scoped X12Segment s)
    {
        var party = CurrentParty(ref reader);
        if (party is null) return;
        party.Address = (party.Address ?? new Address()) with { Line1 = Str(s[1]), Line2 = Str(s[2]) };
    }

    private void OnN4(ref X12Reader reader, scoped X12Segment s)
    {
        var party = CurrentParty(ref reader);
        if (party is null) return;
        party.Address = (party.Address ?? new Address()) with { City = Str(s[1]), State = Str(s[2]), PostalCode = Str(s[3]), Country = Str(s[4]) };
    }

    private void OnPer(ref X12Reader reader, scoped X12Segment s)
    {
        var contact = new Contact(Str(s[1]), Str(s[2]), ContactNumbers(s));
        if (_loop is Loop.Claim or Loop.Line && _claim is not null)
        {
            _claimContacts.Add(contact);
            return;
        }
        var party = CurrentParty(ref reader);
        if (party is not null) (party.ContactList ??= []).Add(contact);
    }

    private IReadOnlyList<Reference> ContactNumbers(X12Segment s)
    {
        List<Reference>? numbers = null;
        for (var p = 3; p + 1 <= 8; p += 2)
        {
            if (s.Has(p) && s.Has(p + 1)) (numbers ??= []).Add(new Reference(Str(s[p])!, Str(s[p + 1])!));
        }
        return (IReadOnlyList<Reference>?)numbers ?? [];
    }

    private void OnRef(ref X12Reader reader, scoped X12Segment s)
    {
        var qualifier = s[1];
        var value = Str(s[2]) ?? "";
        switch (_loop)
        {
            case Loop.Header:
                if (qualifier.SequenceEqual("EV"u8)) _header!.ReceiverIdentifier = value;
                else if (qualifier.SequenceEqual("F2"u8)) _header!.AdjudicationSystemVersion = value;
                else Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, "Header REF01 is neither EV nor F2.", 1);
                return;
            case Loop.Payer:
            case Loop.Payee:
                var party = CurrentParty(ref reader);
                if (party is not null) (party.ReferenceList ??= []).Add(new Reference(Code(qualifier), value));
                return;
            case Loop.Claim:
                _claimReferences.Add(new Reference(Code(qualifier), value));
                return;
            case Loop.Line:
                _lineReferences.Add(new Reference(Code(qualifier), value));
                return;
            default:
                Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "REF outside the header, party, claim or service line loops; it was ignored.");
                return;
        }
    }

    private void OnDtm(ref X12Reader reader, scoped X12Segment s)
    {
        var qualifier = s[1];
        switch (_loop)
        {
            case Loop.Header:
                if (qualifier.SequenceEqual("405"u8)) _header!.ProductionDate = Date(ref reader, s, 2);
                else Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, "Header DTM01 is not 405 (production date).", 1);
                return;
            case Loop.Claim:
                var date = Date(ref reader, s, 2);
                if (qualifier.SequenceEqual("232"u8)) _claim!.StatementFrom = date;
                else if (qualifier.SequenceEqual("233"u8)) _claim!.StatementTo = date;
                else if (qualifier.SequenceEqual("036"u8)) _claim!.CoverageExpiration = date;
                else if (qualifier.SequenceEqual("050"u8)) _claim!.ReceivedDate = date;
                return;
            case Loop.Line:
                var lineDate = Date(ref reader, s, 2);
                if (qualifier.SequenceEqual("472"u8)) _line!.ServiceDate = lineDate;
                else if (qualifier.SequenceEqual("150"u8)) _line!.ServicePeriodStart = lineDate;
                else if (qualifier.SequenceEqual("151"u8)) _line!.ServicePeriodEnd = lineDate;
                return;
            default:
                Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "DTM outside the header, claim or service line loops; it was ignored.");
                return;
        }
    }

    // ---- Detail ------------------------------------------------------------------------------------------------

    private void OnLx(ref X12Reader reader, scoped X12Segment s)
    {
        if (_loop == Loop.Summary)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "LX after the provider adjustments (PLB).");
        }
        CloseClaim();
        EmitHeader();
        _group = new ClaimGroup { HeaderNumber = Str(s[1]) };
        _loop = Loop.Group;
    }

    private void OnTs3(ref X12Reader reader, scoped X12Segment s)
    {
        if (_loop != Loop.Group || _group is null)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "TS3 outside an LX header loop; it was ignored.");
            return;
        }
        _group.ProviderId = Str(s[1]);
        _group.FacilityTypeCode = Str(s[2]);
        _group.FiscalPeriodDate = Date(ref reader, s, 3);
        _group.TotalClaimCount = OptionalAmount(ref reader, s, 4);
        _group.TotalClaimCharge = OptionalAmount(ref reader, s, 5);
        _group.SummaryAmounts = SummaryAmounts(ref reader, s, "TS3", 6, _group.SummaryAmounts);
    }

    private void OnTs2(ref X12Reader reader, scoped X12Segment s)
    {
        if (_loop != Loop.Group || _group is null)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "TS2 outside an LX header loop; it was ignored.");
            return;
        }
        _group.SummaryAmounts = SummaryAmounts(ref reader, s, "TS2", 1, _group.SummaryAmounts);
    }

    private Dictionary<string, decimal> SummaryAmounts(ref X12Reader reader, scoped X12Segment s, string name, int from, IReadOnlyDictionary<string, decimal> existing)
    {
        var amounts = new Dictionary<string, decimal>(existing);
        for (var p = from; p <= s.ElementCount; p++)
        {
            if (OptionalAmount(ref reader, s, p) is { } value) amounts[name + p.ToString("00", CultureInfo.InvariantCulture)] = value;
        }
        return amounts;
    }

    private void OnClp(ref X12Reader reader, scoped X12Segment s)
    {
        if (_loop == Loop.Summary)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Claim (CLP) after the provider adjustments (PLB).");
        }
        else if (_loop < Loop.Group)
        {
            Report(ref reader, DiagnosticCodes.ClaimOutsideHeaderLoop, DiagnosticSeverity.Warning, "Claim (CLP) without an LX header number loop before it.");
        }
        CloseClaim();
        EmitHeader();
        _claimAmountsValid = true;
        var paymentValid = true;
        var claim = new ClaimPayment
        {
            ByteOffset = reader.SegmentOffset,
            SegmentIndex = reader.SegmentIndex,
            Remittance = _header!,
            Group = _group,
            PatientControlNumber = Str(s[1]) ?? "",
            StatusCode = Code(s[2]),
            ChargeAmount = RequiredAmount(ref reader, s, 3, ref _claimAmountsValid),
            PaymentAmount = RequiredAmount(ref reader, s, 4, ref paymentValid),
            PatientResponsibilityAmount = OptionalAmount(ref reader, s, 5),
            FilingIndicatorCode = CodeOrNull(s[6]),
            PayerClaimControlNumber = Str(s[7]),
            FacilityTypeCode = CodeOrNull(s[8]),
            FrequencyCode = CodeOrNull(s[9]),
            PatientStatusCode = CodeOrNull(s[10]),
            DrgCode = Str(s[11]),
            DrgWeight = OptionalAmount(ref reader, s, 12),
            DischargeFraction = OptionalAmount(ref reader, s, 13),
            YesNoCondition = CodeOrNull(s[14]),
        };
        if (claim.PatientControlNumber.Length == 0) Report(ref reader, DiagnosticCodes.InvalidElement, DiagnosticSeverity.Error, "CLP01 (patient control number) is missing.", 1);
        if (!CodeLists.CodeLists.ClaimStatus.Contains(claim.StatusCode))
        {
            Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, "CLP02 is not a claim status code.", 2);
        }
        // Only CLP04 takes part in transaction balancing; a bad CLP03 stops the claim check, not the transaction's.
        if (!paymentValid)
        {
            _claimAmountsValid = false;
            _amountsValid = false;
        }
        else _sumClp04 += claim.PaymentAmount;
        _claim = claim;
        _claimAdjustmentTotal = 0;
        _claimSegmentIndex = reader.SegmentIndex;
        _claimCount++;
        _loop = Loop.Claim;
    }

    private void OnCas(ref X12Reader reader, scoped X12Segment s)
    {
        List<ClaimAdjustment> target;
        if (_loop == Loop.Claim) target = _claimAdjustments;
        else if (_loop == Loop.Line) target = _lineAdjustments;
        else
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "CAS outside a claim or service line; it was ignored.");
            return;
        }
        var group = Code(s[1]);
        if (!CodeLists.CodeLists.ClaimAdjustmentGroups.Contains(group))
        {
            Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, "CAS01 is not a claim adjustment group code (CO, CR, OA, PI, PR).", 1);
        }
        var valid = true;
        for (var p = 2; p <= Math.Min(s.ElementCount, 19); p += 3)
        {
            if (!s.Has(p) && !s.Has(p + 1)) continue;
            var amount = RequiredAmount(ref reader, s, p + 1, ref valid);
            target.Add(new ClaimAdjustment(group, Code(s[p]), amount, OptionalAmount(ref reader, s, p + 2)));
            _claimAdjustmentTotal += amount;
            if (_loop == Loop.Line) _lineAdjustmentTotal += amount;
        }
        if (!valid)
        {
            _claimAmountsValid = false;
            if (_loop == Loop.Line) _lineAmountsValid = false;
        }
    }

    private void OnNm1(ref X12Reader reader, scoped X12Segment s)
    {
        if (_loop != Loop.Claim)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "NM1 outside a claim; it was ignored.");
            return;
        }
        _names.Add(new PersonOrEntity
        {
            EntityCode = Code(s[1]),
            EntityType = CodeOrNull(s[2]),
            LastName = Str(s[3]),
            FirstName = Str(s[4]),
            MiddleName = Str(s[5]),
            Suffix = Str(s[7]),
            IdQualifier = CodeOrNull(s[8]),
            Id = Str(s[9]),
        });
    }

    private void OnAdjudication(ref X12Reader reader, scoped X12Segment s, bool inpatient)
    {
        if (_loop != Loop.Claim)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "MIA or MOA outside a claim; it was ignored.");
            return;
        }
        // MIA05 and MIA20-23 are remark codes; MOA03-07 are remark codes; the rest are amounts and quantities.
        var values = new Dictionary<int, decimal>();
        var remarks = new List<string>();
        for (var p = 1; p <= s.ElementCount; p++)
        {
            if (!s.Has(p)) continue;
            var isRemark = inpatient ? p is 5 or >= 20 and <= 23 : p is >= 3 and <= 7;
            if (isRemark) remarks.Add(Code(s[p]));
            else if (OptionalAmount(ref reader, s, p) is { } value) values[p] = value;
        }
        var info = new AdjudicationInformation { Values = values, RemarkCodes = remarks };
        if (inpatient) _claim!.InpatientAdjudication = info;
        else _claim!.OutpatientAdjudication = info;
    }

    private void OnAmt(ref X12Reader reader, scoped X12Segment s)
    {
        var valid = true;
        var amount = new QualifiedAmount(Code(s[1]), RequiredAmount(ref reader, s, 2, ref valid));
        if (_loop == Loop.Claim) _claimAmounts.Add(amount);
        else if (_loop == Loop.Line) _lineAmounts.Add(amount);
        else Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "AMT outside a claim or service line; it was ignored.");
    }

    private void OnQty(ref X12Reader reader, scoped X12Segment s)
    {
        var valid = true;
        var quantity = new QualifiedQuantity(Code(s[1]), RequiredAmount(ref reader, s, 2, ref valid));
        if (_loop == Loop.Claim) _claimQuantities.Add(quantity);
        else if (_loop == Loop.Line) _lineQuantities.Add(quantity);
        else Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "QTY outside a claim or service line; it was ignored.");
    }

    private void OnSvc(ref X12Reader reader, scoped X12Segment s)
    {
        if (_loop is not (Loop.Claim or Loop.Line))
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Service line (SVC) outside a claim; it was ignored.");
            return;
        }
        CloseLine();
        _lineAmountsValid = true;
        var line = new ServiceLine
        {
            ByteOffset = reader.SegmentOffset,
            Procedure = Procedure(ref reader, s, 1) ?? ProcedureIdentifier.Empty,
            ChargeAmount = RequiredAmount(ref reader, s, 2, ref _lineAmountsValid),
            PaymentAmount = RequiredAmount(ref reader, s, 3, ref _lineAmountsValid),
            RevenueCode = CodeOrNull(s[4]),
            UnitsPaid = OptionalAmount(ref reader, s, 5),
            SubmittedProcedure = Procedure(ref reader, s, 6),
            OriginalUnits = OptionalAmount(ref reader, s, 7),
        };
        if (!_lineAmountsValid) _claimAmountsValid = false;
        _lines.Add(line);
        _lineAdjustmentTotal = 0;
        _line = line;
        _lineSegmentIndex = reader.SegmentIndex;
        _lineCount++;
        _loop = Loop.Line;
    }

    private ProcedureIdentifier? Procedure(ref X12Reader reader, scoped X12Segment s, int position)
    {
        if (!s.Has(position)) return null;
        var qualifier = Code(s.Component(position, 1));
        if (!ProcedureQualifiers.Contains(qualifier))
        {
            Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning,
                $"SVC{position:00}-1 is not a product or service ID qualifier; the component separator may be wrong.", position);
        }
        var modifierCount = 0;
        for (var c = 3; c <= 6; c++)
        {
            if (!s.Component(position, c).IsEmpty) modifierCount++;
        }
        var modifiers = modifierCount == 0 ? [] : new string[modifierCount];
        for (int c = 3, m = 0; c <= 6; c++)
        {
            if (!s.Component(position, c).IsEmpty) modifiers[m++] = Code(s.Component(position, c));
        }
        return new ProcedureIdentifier
        {
            Qualifier = qualifier,
            Code = Code(s.Component(position, 2)),
            Modifiers = modifiers,
            Description = Str(s.Component(position, 7)),
        };
    }

    private void OnLq(ref X12Reader reader, scoped X12Segment s)
    {
        if (_loop != Loop.Line)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "LQ outside a service line; it was ignored.");
            return;
        }
        _lineRemarks.Add(new RemarkCode(Code(s[1]), Code(s[2])));
    }

    private void CloseLine()
    {
        var line = _line;
        if (line is null) return;
        _line = null;
        line.Adjustments = Drain(_lineAdjustments);
        line.References = Drain(_lineReferences);
        line.Amounts = Drain(_lineAmounts);
        line.Quantities = Drain(_lineQuantities);
        line.Remarks = Drain(_lineRemarks);
        if (!_lineAmountsValid) return;
        var difference = line.ChargeAmount - _lineAdjustmentTotal - line.PaymentAmount;
        if (difference != 0)
        {
            ReportAt(line.ByteOffset, _lineSegmentIndex, "SVC", 3, DiagnosticCodes.ServiceLineUnbalanced, DiagnosticSeverity.Error,
                $"Service line does not balance: SVC02 less its adjustments (CAS) differs from SVC03 by {Money(difference)}.");
        }
    }

    private void CloseClaim()
    {
        CloseLine();
        var claim = _claim;
        if (claim is null) return;
        _claim = null;
        claim.Adjustments = Drain(_claimAdjustments);
        claim.Names = Drain(_names);
        claim.References = Drain(_claimReferences);
        claim.Amounts = Drain(_claimAmounts);
        claim.Quantities = Drain(_claimQuantities);
        claim.Contacts = Drain(_claimContacts);
        claim.ServiceLines = Drain(_lines);
        if (_claimAmountsValid)
        {
            var difference = claim.ChargeAmount - _claimAdjustmentTotal - claim.PaymentAmount;
            if (difference != 0)
            {
                ReportAt(claim.ByteOffset, _claimSegmentIndex, "CLP", 4, DiagnosticCodes.ClaimUnbalanced, DiagnosticSeverity.Error,
                    $"Claim does not balance: CLP03 less every adjustment (CAS, claim and service lines) differs from CLP04 by {Money(difference)}.");
            }
        }
        if (_loop is Loop.Claim or Loop.Line) _loop = Loop.Group;
        _emit(claim);
    }

    /// <summary>The collected items as an exact-size array, and the list emptied for the next claim or line.</summary>
    private static IReadOnlyList<T> Drain<T>(List<T> items)
    {
        if (items.Count == 0) return [];
        var array = items.ToArray();
        items.Clear();
        return array;
    }

    // ---- Summary -----------------------------------------------------------------------------------------------

    private void OnPlb(ref X12Reader reader, scoped X12Segment s)
    {
        if (_loop < Loop.Payee)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "PLB before the payee loop.");
        }
        CloseClaim();
        EmitHeader();
        _loop = Loop.Summary;
        _plbSegments++;
        var providerId = Str(s[1]) ?? "";
        if (providerId.Length == 0) Report(ref reader, DiagnosticCodes.InvalidElement, DiagnosticSeverity.Error, "PLB01 (provider identifier) is missing.", 1);
        var fiscal = Date(ref reader, s, 2);
        var pairs = new List<ProviderAdjustment>(Math.Max(1, (s.ElementCount - 1) / 2));
        for (var p = 3; p <= s.ElementCount; p += 2)
        {
            if (!s.Has(p) && !s.Has(p + 1)) continue;
            var valid = true;
            var amount = RequiredAmount(ref reader, s, p + 1, ref valid);
            if (valid) _sumPlb += amount;
            else _amountsValid = false;
            var reason = Code(s.Component(p, 1));
            if (!CodeLists.CodeLists.ProviderAdjustmentReasons.Contains(reason))
            {
                Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, $"PLB{p:00}-1 is not a provider adjustment reason code; it was kept as given.", p);
            }
            pairs.Add(new ProviderAdjustment
            {
                ProviderId = providerId,
                FiscalPeriodDate = fiscal,
                ReasonCode = reason,
                Reference = Str(s.Component(p, 2)),
                Amount = amount,
                SegmentNumber = _plbSegments,
                Position = (p - 1) / 2,
            });
            _plbPairs++;
        }
        _emit(new ProviderAdjustmentSegment
        {
            ByteOffset = reader.SegmentOffset,
            SegmentIndex = reader.SegmentIndex,
            Remittance = _header!,
            Adjustments = pairs,
        });
    }

    // ---- Elements ----------------------------------------------------------------------------------------------

    private decimal RequiredAmount(ref X12Reader reader, scoped X12Segment s, int position, ref bool valid)
    {
        if (s.TryGetDecimal(position, out var value)) return value;
        valid = false;
        Report(ref reader, DiagnosticCodes.InvalidElement, DiagnosticSeverity.Error,
            s.Has(position) ? "Amount element is not a number." : "Required amount element is missing.", position, s[position]);
        return 0;
    }

    private decimal? OptionalAmount(ref X12Reader reader, scoped X12Segment s, int position)
    {
        if (!s.Has(position)) return null;
        if (s.TryGetDecimal(position, out var value)) return value;
        Report(ref reader, DiagnosticCodes.InvalidElement, DiagnosticSeverity.Warning, "Numeric element is not a number; it was ignored.", position, s[position]);
        return null;
    }

    private DateOnly? Date(ref X12Reader reader, scoped X12Segment s, int position)
    {
        if (!s.Has(position)) return null;
        if (s.TryGetDate(position, out var date) && date.Year >= 1900) return date;
        Report(ref reader, DiagnosticCodes.InvalidDate, DiagnosticSeverity.Warning, "Date element is not a valid CCYYMMDD date; it was ignored.", position, s[position]);
        return null;
    }

    private string? Str(ReadOnlySpan<byte> value) => value.IsEmpty ? null : _strings.Get(value);

    private string Code(ReadOnlySpan<byte> value) => value.IsEmpty ? "" : _strings.Get(value);

    private string? CodeOrNull(ReadOnlySpan<byte> value) => value.IsEmpty ? null : _strings.Get(value);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    // ---- Diagnostics -------------------------------------------------------------------------------------------

    private void Report(ref X12Reader reader, string code, DiagnosticSeverity severity, string message, int element = 0, scoped ReadOnlySpan<byte> value = default)
    {
        if (reader.Options.IncludeValuesInMessages && !value.IsEmpty) message += $" Value: '{X12Span.ToStringOrNull(value)}'.";
        Report(reader.CreateDiagnostic(code, severity, message, element));
    }

    private void ReportAt(long offset, long segmentIndex, string? segmentId, int element, string code, DiagnosticSeverity severity, string message)
    {
        var header = _header!;
        Report(new Diagnostic(code, severity, message)
        {
            File = header.File,
            ByteOffset = offset,
            SegmentIndex = segmentIndex,
            SegmentId = segmentId,
            Element = element,
            InterchangeControlNumber = header.InterchangeControlNumber,
            GroupControlNumber = header.GroupControlNumber,
            TransactionControlNumber = header.TransactionControlNumber,
        });
    }
}
