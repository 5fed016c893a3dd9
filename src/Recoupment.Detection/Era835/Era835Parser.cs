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
    private readonly ShortStrings _strings = new();

    private readonly EnvelopeContext _envelope = new();
    private readonly TransactionDiagnostics _diagnostics;
    private readonly ClaimParts _claimParts = new();
    private readonly LineParts _lineParts = new();

    // The transaction being read, or null between transactions.
    private TransactionProgress? _tx;

    private TransactionProgress Tx => _tx!;

    // Implausible amounts seen so far (to tell whether one element just was).
    private long _implausible;

    /// <summary>Creates a parser.</summary>
    /// <param name="emit">Receives each item as soon as it is complete.</param>
    /// <param name="diagnostics">Receives every diagnostic (X12 ones too when the parser is the X12 reader's sink).</param>
    public Era835Parser(Action<RemittanceItem> emit, IDiagnosticSink? diagnostics = null)
    {
        _emit = emit ?? throw new ArgumentNullException(nameof(emit));
        _diagnostics = new TransactionDiagnostics(diagnostics);
    }

    /// <summary>The sink to give the X12 reader, so that its diagnostics are kept with the transaction they occur in.</summary>
    internal IDiagnosticSink Sink => _diagnostics;

    /// <inheritdoc />
    public void Report(Diagnostic diagnostic) => _diagnostics.Report(diagnostic);

    /// <summary>Closes a transaction left open at the end of the input. Call once after the last segment.</summary>
    public void Complete() => Complete(-1, -1);

    /// <summary>Closes a transaction left open at the end of the input, locating its end there.</summary>
    /// <param name="endOffset">The input's length in bytes (<see cref="X12ReaderState.BytesConsumedTotal"/> after the last block).</param>
    /// <param name="segmentCount">The number of segments read (<see cref="X12Statistics.Segments"/>), the index the next segment would have.</param>
    public void Complete(long endOffset, long segmentCount)
    {
        if (_tx is not null) EndTransaction(hasTrailer: false, endOffset, segmentCount);
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
                _envelope.OnIsa(segment);
                return;
            case 'G' | 'S' << 8:
                _envelope.OnGs(segment);
                return;
            case 'S' | 'T' << 8:
                if (_tx is not null) EndTransaction(hasTrailer: false, reader.SegmentOffset, reader.SegmentIndex);
                if (segment[1].SequenceEqual("835"u8)) BeginTransaction(ref reader);
                return;
            case 'S' | 'E' << 8:
                if (_tx is not null) EndTransaction(hasTrailer: true, reader.SegmentOffset, reader.SegmentIndex);
                return;
            case 'G' | 'E' << 8:
            case 'I' | 'E' << 8 | 'A' << 16:
                // A transaction cannot run past its group: without SE it ends here, where the X12 layer reports it.
                if (_tx is not null) EndTransaction(hasTrailer: false, reader.SegmentOffset, reader.SegmentIndex);
                return;
        }
        if (_tx is null) return;

        Tx.Hash.AddSegment(segment);
        switch (key)
        {
            case 'B' | 'P' << 8 | 'R' << 16: OnBpr(ref reader, segment); break;
            case 'T' | 'R' << 8 | 'N' << 16: OnTrn(ref reader, segment); break;
            case 'C' | 'U' << 8 | 'R' << 16:
                HeaderOnly(ref reader);
                Tx.Header.Currency = Str(segment[2]);
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
        _diagnostics.Begin();
        _claimParts.Current = null;
        _lineParts.Current = null;
        _tx = new TransactionProgress(new RemittanceHeader
        {
            ByteOffset = reader.SegmentOffset,
            SegmentIndex = reader.SegmentIndex,
            File = reader.FileName,
            InterchangeSenderId = _envelope.IsaSender,
            InterchangeReceiverId = _envelope.IsaReceiver,
            InterchangeControlNumber = _envelope.IsaControl,
            GroupSenderCode = _envelope.GsSender,
            GroupReceiverCode = _envelope.GsReceiver,
            GroupControlNumber = _envelope.GsControl,
            Version = _envelope.GsVersion,
            TransactionControlNumber = reader.Segment.GetString(2),
        });
    }

    private void EndTransaction(bool hasTrailer, long offset, long segmentIndex)
    {
        var header = Tx.Header;
        CloseClaim();
        EmitHeader();
        if (!hasTrailer)
        {
            ReportAt(offset, segmentIndex, null, 0, DiagnosticCodes.TruncatedTransaction, DiagnosticSeverity.Error,
                "The 835 transaction ended without SE; the claims read so far are reported.");
        }
        if (!Tx.SawBpr) ReportAt(header.ByteOffset, header.SegmentIndex, "ST", 0, DiagnosticCodes.MissingRequiredSegment, DiagnosticSeverity.Error, "BPR (financial information) is missing.");
        if (!Tx.SawTrn) ReportAt(header.ByteOffset, header.SegmentIndex, "ST", 0, DiagnosticCodes.MissingRequiredSegment, DiagnosticSeverity.Error, "TRN (reassociation trace number) is missing.");
        if (!Tx.SawPayer) ReportAt(header.ByteOffset, header.SegmentIndex, "ST", 0, DiagnosticCodes.MissingRequiredSegment, DiagnosticSeverity.Error, "The payer identification loop (N1*PR) is missing.");
        if (!Tx.SawPayee) ReportAt(header.ByteOffset, header.SegmentIndex, "ST", 0, DiagnosticCodes.MissingRequiredSegment, DiagnosticSeverity.Error, "The payee identification loop (N1*PE) is missing.");

        var difference = Tx.SumClp04 - Tx.SumPlb - header.Payment.TotalPaymentAmount;
        var balanced = Tx.SawBpr && Tx.AmountsValid && difference == 0;
        if (Tx.SawBpr && Tx.AmountsValid && difference != 0)
        {
            ReportAt(Tx.BprOffset, Tx.BprIndex, "BPR", 2, DiagnosticCodes.TransactionUnbalanced, DiagnosticSeverity.Error,
                $"The remittance does not balance: the sum of claim payments (CLP04) less the sum of provider adjustments (PLB) differs from BPR02 by {Money(difference)}.");
        }

        var end = new RemittanceEnd
        {
            ByteOffset = offset,
            SegmentIndex = segmentIndex,
            Remittance = header,
            ClaimCount = Tx.ClaimCount,
            ServiceLineCount = Tx.LineCount,
            ProviderAdjustmentCount = Tx.PlbPairs,
            TotalClaimPayments = Tx.SumClp04,
            TotalProviderAdjustments = Tx.SumPlb,
            BalanceDifference = difference,
            IsBalanced = balanced,
            IsBalanceKnown = Tx.SawBpr && Tx.AmountsValid,
            HasTrailer = hasTrailer,
            ContentHash = Tx.Hash.ToHex(),
            ErrorCount = _diagnostics.ErrorCount,
            Diagnostics = _diagnostics.End(),
        };
        _tx = null;
        _emit(end);
    }

    private void EmitHeader()
    {
        if (Tx.HeaderEmitted) return;
        Tx.HeaderEmitted = true;
        _emit(Tx.Header);
    }

    // ---- Header ------------------------------------------------------------------------------------------------

    private void OnBpr(ref X12Reader reader, scoped X12Segment s)
    {
        HeaderOnly(ref reader);
        if (Tx.SawBpr) return;
        Tx.SawBpr = true;
        Tx.BprOffset = reader.SegmentOffset;
        Tx.BprIndex = reader.SegmentIndex;
        var p = Tx.Header.Payment;
        p.TransactionHandlingCode = Str(s[1]);
        p.TotalPaymentAmount = MoneyAmount(ref reader, s, 2, ref Tx.AmountsValid);
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
        if (p.TotalPaymentAmount == 0 && p.TransactionHandlingCode is not ("H" or "P") && Tx.AmountsValid)
        {
            Report(ref reader, DiagnosticCodes.UnusualPayment, DiagnosticSeverity.Warning, "BPR02 is zero but BPR01 is neither H (notification only) nor P (prenotification).", 2);
        }
    }

    private void OnTrn(ref X12Reader reader, scoped X12Segment s)
    {
        HeaderOnly(ref reader);
        if (Tx.SawTrn) return;
        Tx.SawTrn = true;
        Tx.Header.TraceTypeCode = Str(s[1]);
        Tx.Header.TraceNumber = Str(s[2]);
        Tx.Header.TracePayerIdentifier = Str(s[3]);
        Tx.Header.TraceSupplementalCode = Str(s[4]);
        if (Tx.Header.TraceNumber is null) Report(ref reader, DiagnosticCodes.InvalidElement, DiagnosticSeverity.Error, "TRN02 (check or EFT trace number) is missing.", 2);
    }

    private void HeaderOnly(ref X12Reader reader)
    {
        if (Tx.Loop != Loop.Header)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Header segment after the payer or payee loop; it belongs before the N1 loops.");
        }
        else if (!Tx.SawBpr && !Tx.SawBprOrderReported && !reader.Segment.Is("BPR"u8))
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "BPR must be the first segment after ST.");
            Tx.SawBprOrderReported = true;
        }
    }

    private void OnN1(ref X12Reader reader, scoped X12Segment s)
    {
        var entity = s[1];
        var isPayer = entity.SequenceEqual("PR"u8);
        var isPayee = entity.SequenceEqual("PE"u8);
        if (!isPayer && !isPayee)
        {
            Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, "N101 is neither PR (payer) nor PE (payee); the loop was ignored.", 1);
            Tx.IgnoringParty = true;
            return;
        }
        if (Tx.Loop > Loop.Payee || (isPayer && Tx.SawPayer) || (isPayee && Tx.SawPayee))
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error,
                isPayer ? "Payer identification (N1*PR) repeated or after the claims; the 835 has one payer loop before the detail. It was ignored."
                        : "Payee identification (N1*PE) repeated or after the claims; the 835 has one payee loop before the detail. It was ignored.", 1);
            Tx.IgnoringParty = true;
            return;
        }
        if (isPayee && !Tx.SawPayer)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Payee identification (N1*PE) before the payer (N1*PR).", 1);
        }
        Tx.IgnoringParty = false;
        var party = isPayer ? Tx.Header.Payer : Tx.Header.Payee;
        if (isPayer) Tx.SawPayer = true;
        else Tx.SawPayee = true;
        Tx.Loop = isPayer ? Loop.Payer : Loop.Payee;
        party.EntityCode = Str(s[1]);
        party.Name = Str(s[2]);
        party.IdQualifier = Str(s[3]);
        party.Id = Str(s[4]);
    }

    private Party? CurrentParty(ref X12Reader reader)
    {
        if (Tx.IgnoringParty) return null;
        if (Tx.Loop == Loop.Payer) return Tx.Header.Payer;
        if (Tx.Loop == Loop.Payee) return Tx.Header.Payee;
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
        if (Tx.Loop is Loop.Claim or Loop.Line && _claimParts.Current is not null)
        {
            _claimParts.Contacts.Add(contact);
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
        switch (Tx.Loop)
        {
            case Loop.Header:
                if (qualifier.SequenceEqual("EV"u8)) Tx.Header.ReceiverIdentifier = value;
                else if (qualifier.SequenceEqual("F2"u8)) Tx.Header.AdjudicationSystemVersion = value;
                else Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, "Header REF01 is neither EV nor F2.", 1);
                return;
            case Loop.Payer:
            case Loop.Payee:
                var party = CurrentParty(ref reader);
                if (party is not null) (party.ReferenceList ??= []).Add(new Reference(Code(qualifier), value));
                return;
            case Loop.Claim:
                _claimParts.References.Add(new Reference(Code(qualifier), value));
                return;
            case Loop.Line:
                _lineParts.References.Add(new Reference(Code(qualifier), value));
                return;
            default:
                Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "REF outside the header, party, claim or service line loops; it was ignored.");
                return;
        }
    }

    private void OnDtm(ref X12Reader reader, scoped X12Segment s)
    {
        var qualifier = s[1];
        switch (Tx.Loop)
        {
            case Loop.Header:
                if (qualifier.SequenceEqual("405"u8)) Tx.Header.ProductionDate = Date(ref reader, s, 2);
                else Report(ref reader, DiagnosticCodes.UnknownCode, DiagnosticSeverity.Warning, "Header DTM01 is not 405 (production date).", 1);
                return;
            case Loop.Claim:
                var date = Date(ref reader, s, 2);
                if (qualifier.SequenceEqual("232"u8)) _claimParts.Current!.StatementFrom = date;
                else if (qualifier.SequenceEqual("233"u8)) _claimParts.Current!.StatementTo = date;
                else if (qualifier.SequenceEqual("036"u8)) _claimParts.Current!.CoverageExpiration = date;
                else if (qualifier.SequenceEqual("050"u8)) _claimParts.Current!.ReceivedDate = date;
                return;
            case Loop.Line:
                var lineDate = Date(ref reader, s, 2);
                if (qualifier.SequenceEqual("472"u8)) _lineParts.Current!.ServiceDate = lineDate;
                else if (qualifier.SequenceEqual("150"u8)) _lineParts.Current!.ServicePeriodStart = lineDate;
                else if (qualifier.SequenceEqual("151"u8)) _lineParts.Current!.ServicePeriodEnd = lineDate;
                return;
            default:
                Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "DTM outside the header, claim or service line loops; it was ignored.");
                return;
        }
    }

    // ---- Detail ------------------------------------------------------------------------------------------------

    private void OnLx(ref X12Reader reader, scoped X12Segment s)
    {
        if (Tx.Loop == Loop.Summary)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "LX after the provider adjustments (PLB).");
        }
        CloseClaim();
        EmitHeader();
        Tx.Group = new ClaimGroup { HeaderNumber = Str(s[1]) };
        Tx.Loop = Loop.Group;
    }

    private void OnTs3(ref X12Reader reader, scoped X12Segment s)
    {
        if (Tx.Loop != Loop.Group || Tx.Group is null)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "TS3 outside an LX header loop; it was ignored.");
            return;
        }
        Tx.Group.ProviderId = Str(s[1]);
        Tx.Group.FacilityTypeCode = Str(s[2]);
        Tx.Group.FiscalPeriodDate = Date(ref reader, s, 3);
        Tx.Group.TotalClaimCount = OptionalAmount(ref reader, s, 4);
        Tx.Group.TotalClaimCharge = OptionalAmount(ref reader, s, 5);
        Tx.Group.SummaryAmounts = SummaryAmounts(ref reader, s, "TS3", 6, Tx.Group.SummaryAmounts);
    }

    private void OnTs2(ref X12Reader reader, scoped X12Segment s)
    {
        if (Tx.Loop != Loop.Group || Tx.Group is null)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "TS2 outside an LX header loop; it was ignored.");
            return;
        }
        Tx.Group.SummaryAmounts = SummaryAmounts(ref reader, s, "TS2", 1, Tx.Group.SummaryAmounts);
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
        if (Tx.Loop == Loop.Summary)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Claim (CLP) after the provider adjustments (PLB).");
        }
        else if (Tx.Loop < Loop.Group)
        {
            Report(ref reader, DiagnosticCodes.ClaimOutsideHeaderLoop, DiagnosticSeverity.Warning, "Claim (CLP) without an LX header number loop before it.");
        }
        CloseClaim();
        EmitHeader();
        _claimParts.AmountsValid = true;
        var paymentValid = true;
        var implausible = _implausible;
        var claim = new ClaimPayment
        {
            ByteOffset = reader.SegmentOffset,
            SegmentIndex = reader.SegmentIndex,
            Remittance = Tx.Header,
            Group = Tx.Group,
            PatientControlNumber = Str(s[1]) ?? "",
            StatusCode = Code(s[2]),
            ChargeAmount = MoneyAmount(ref reader, s, 3, ref _claimParts.AmountsValid),
            PaymentAmount = MoneyAmount(ref reader, s, 4, ref paymentValid),
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
            _claimParts.AmountsValid = false;
            Tx.AmountsValid = false;
        }
        else Tx.SumClp04 += claim.PaymentAmount;
        _claimParts.Start(claim, reader.SegmentIndex);
        _claimParts.Implausible = _implausible != implausible;
        Tx.ClaimCount++;
        Tx.Loop = Loop.Claim;
    }

    private void OnCas(ref X12Reader reader, scoped X12Segment s)
    {
        List<ClaimAdjustment> target;
        if (Tx.Loop == Loop.Claim) target = _claimParts.Adjustments;
        else if (Tx.Loop == Loop.Line) target = _lineParts.Adjustments;
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
            var amount = MoneyAmount(ref reader, s, p + 1, ref valid);
            target.Add(new ClaimAdjustment(group, Code(s[p]), amount, OptionalAmount(ref reader, s, p + 2)));
            _claimParts.AdjustmentTotal += amount;
            if (Tx.Loop == Loop.Line) _lineParts.AdjustmentTotal += amount;
        }
        if (!valid)
        {
            _claimParts.AmountsValid = false;
            if (Tx.Loop == Loop.Line) _lineParts.AmountsValid = false;
        }
    }

    private void OnNm1(ref X12Reader reader, scoped X12Segment s)
    {
        if (Tx.Loop != Loop.Claim)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "NM1 outside a claim; it was ignored.");
            return;
        }
        _claimParts.Names.Add(new PersonOrEntity
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
        if (Tx.Loop != Loop.Claim)
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
        if (inpatient) _claimParts.Current!.InpatientAdjudication = info;
        else _claimParts.Current!.OutpatientAdjudication = info;
    }

    private void OnAmt(ref X12Reader reader, scoped X12Segment s)
    {
        var valid = true;
        var amount = new QualifiedAmount(Code(s[1]), RequiredAmount(ref reader, s, 2, ref valid));
        if (Tx.Loop == Loop.Claim) _claimParts.Amounts.Add(amount);
        else if (Tx.Loop == Loop.Line) _lineParts.Amounts.Add(amount);
        else Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "AMT outside a claim or service line; it was ignored.");
    }

    private void OnQty(ref X12Reader reader, scoped X12Segment s)
    {
        var valid = true;
        var quantity = new QualifiedQuantity(Code(s[1]), RequiredAmount(ref reader, s, 2, ref valid));
        if (Tx.Loop == Loop.Claim) _claimParts.Quantities.Add(quantity);
        else if (Tx.Loop == Loop.Line) _lineParts.Quantities.Add(quantity);
        else Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "QTY outside a claim or service line; it was ignored.");
    }

    private void OnSvc(ref X12Reader reader, scoped X12Segment s)
    {
        if (Tx.Loop is not (Loop.Claim or Loop.Line))
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "Service line (SVC) outside a claim; it was ignored.");
            return;
        }
        CloseLine();
        _lineParts.AmountsValid = true;
        var line = new ServiceLine
        {
            ByteOffset = reader.SegmentOffset,
            Procedure = Procedure(ref reader, s, 1) ?? ProcedureIdentifier.Empty,
            ChargeAmount = MoneyAmount(ref reader, s, 2, ref _lineParts.AmountsValid),
            PaymentAmount = MoneyAmount(ref reader, s, 3, ref _lineParts.AmountsValid),
            RevenueCode = CodeOrNull(s[4]),
            UnitsPaid = OptionalAmount(ref reader, s, 5),
            SubmittedProcedure = Procedure(ref reader, s, 6),
            OriginalUnits = OptionalAmount(ref reader, s, 7),
        };
        if (!_lineParts.AmountsValid) _claimParts.AmountsValid = false;
        _claimParts.Lines.Add(line);
        _lineParts.Start(line, reader.SegmentIndex);
        Tx.LineCount++;
        Tx.Loop = Loop.Line;
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
        if (Tx.Loop != Loop.Line)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "LQ outside a service line; it was ignored.");
            return;
        }
        _lineParts.Remarks.Add(new RemarkCode(Code(s[1]), Code(s[2])));
    }

    private void CloseLine()
    {
        var valid = _lineParts.AmountsValid;
        var adjusted = _lineParts.AdjustmentTotal;
        var segmentIndex = _lineParts.SegmentIndex;
        if (_lineParts.Close() is not { } line || !valid) return;
        var difference = line.ChargeAmount - adjusted - line.PaymentAmount;
        if (difference != 0)
        {
            ReportAt(line.ByteOffset, segmentIndex, "SVC", 3, DiagnosticCodes.ServiceLineUnbalanced, DiagnosticSeverity.Error,
                $"Service line does not balance: SVC02 less its adjustments (CAS) differs from SVC03 by {Money(difference)}.");
        }
    }

    private void CloseClaim()
    {
        CloseLine();
        var valid = _claimParts.AmountsValid;
        var adjusted = _claimParts.AdjustmentTotal;
        var segmentIndex = _claimParts.SegmentIndex;
        var implausible = _claimParts.Implausible;
        if (_claimParts.Close() is not { } claim) return;
        if (Tx.Loop is Loop.Claim or Loop.Line) Tx.Loop = Loop.Group;
        // A claim with an implausible amount was reported where the amount is; it never reaches the engine.
        if (implausible) return;
        if (valid)
        {
            var difference = claim.ChargeAmount - adjusted - claim.PaymentAmount;
            if (difference != 0)
            {
                ReportAt(claim.ByteOffset, segmentIndex, "CLP", 4, DiagnosticCodes.ClaimUnbalanced, DiagnosticSeverity.Error,
                    $"Claim does not balance: CLP03 less every adjustment (CAS, claim and service lines) differs from CLP04 by {Money(difference)}.");
            }
        }
        _emit(claim);
    }

    // ---- Summary -----------------------------------------------------------------------------------------------

    private void OnPlb(ref X12Reader reader, scoped X12Segment s)
    {
        if (Tx.Loop < Loop.Payee)
        {
            Report(ref reader, DiagnosticCodes.SegmentOutOfOrder, DiagnosticSeverity.Error, "PLB before the payee loop.");
        }
        CloseClaim();
        EmitHeader();
        Tx.Loop = Loop.Summary;
        Tx.PlbSegments++;
        var providerId = Str(s[1]) ?? "";
        if (providerId.Length == 0) Report(ref reader, DiagnosticCodes.InvalidElement, DiagnosticSeverity.Error, "PLB01 (provider identifier) is missing.", 1);
        var fiscal = Date(ref reader, s, 2);
        var pairs = new List<ProviderAdjustment>(Math.Max(1, (s.ElementCount - 1) / 2));
        for (var p = 3; p <= s.ElementCount; p += 2)
        {
            if (!s.Has(p) && !s.Has(p + 1)) continue;
            var valid = true;
            var implausible = _implausible;
            var amount = MoneyAmount(ref reader, s, p + 1, ref valid);
            if (valid) Tx.SumPlb += amount;
            else Tx.AmountsValid = false;
            // An implausible amount is never passed on: the adjustment is dropped, the rest of the segment kept.
            if (_implausible != implausible) continue;
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
                SegmentNumber = Tx.PlbSegments,
                Position = (p - 1) / 2,
            });
            Tx.PlbPairs++;
        }
        _emit(new ProviderAdjustmentSegment
        {
            ByteOffset = reader.SegmentOffset,
            SegmentIndex = reader.SegmentIndex,
            Remittance = Tx.Header,
            Adjustments = pairs,
        });
    }

    // ---- Elements ----------------------------------------------------------------------------------------------

    private decimal RequiredAmount(ref X12Reader reader, scoped X12Segment s, int position, ref bool valid)
    {
        if (s.TryGetDecimal(position, out var value))
        {
            if (Math.Abs(value) < reader.Options.MaxAbsoluteAmount) return value;
            return Implausible(ref reader, s, position, ref valid);
        }
        if (IsNumeral(s[position])) return Implausible(ref reader, s, position, ref valid);
        valid = false;
        Report(ref reader, DiagnosticCodes.InvalidElement, DiagnosticSeverity.Error,
            s.Has(position) ? "Amount element is not a number." : "Required amount element is missing.", position, s[position]);
        return 0;
    }

    // A monetary amount: parsed, within the plausible range and at most MaxAmountDecimals decimals.
    private decimal MoneyAmount(ref X12Reader reader, scoped X12Segment s, int position, ref bool valid)
    {
        var value = RequiredAmount(ref reader, s, position, ref valid);
        if (value.Scale <= reader.Options.MaxAmountDecimals || decimal.Round(value, reader.Options.MaxAmountDecimals) == value) return value;
        return Implausible(ref reader, s, position, ref valid);
    }

    // Digits with an optional sign and point that did not parse: a number beyond decimal's range.
    private static bool IsNumeral(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return false;
        var digits = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b is >= (byte)'0' and <= (byte)'9') digits++;
            else if (!(b == '.' || (i == 0 && b is (byte)'-' or (byte)'+'))) return false;
        }
        return digits > 0;
    }

    private decimal Implausible(ref X12Reader reader, scoped X12Segment s, int position, ref bool valid)
    {
        valid = false;
        _implausible++;
        if (_claimParts.Current is not null && Tx.Loop is Loop.Claim or Loop.Line) _claimParts.Implausible = true;
        Report(ref reader, DiagnosticCodes.ImplausibleAmount, DiagnosticSeverity.Error,
            "Amount is outside the plausible range (magnitude or decimals); the claim or adjustment carrying it was skipped.", position, s[position]);
        return 0;
    }

    private decimal? OptionalAmount(ref X12Reader reader, scoped X12Segment s, int position)
    {
        if (!s.Has(position)) return null;
        if (s.TryGetDecimal(position, out var value))
        {
            if (Math.Abs(value) < reader.Options.MaxAbsoluteAmount) return value;
            Report(ref reader, DiagnosticCodes.ImplausibleAmount, DiagnosticSeverity.Warning, "Numeric element is outside the plausible range; it was ignored.", position, s[position]);
            return null;
        }
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
        var header = Tx.Header;
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
