using System.Runtime.CompilerServices;
using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.X12;

// Envelope checks: ISA/IEA, GS/GE and ST/SE pairing, counts and control numbers.
public ref partial struct X12Reader
{
    // ---- Envelopes ---------------------------------------------------------------------------------------------

    private void TrackEnvelope(ReadOnlySpan<byte> id)
    {
        ref var s = ref _state;
        // Fast path: an ordinary segment inside a transaction set, with no envelope closed by the previous segment.
        if (s.InTransaction && !(s.TransactionControlClosedPending | s.InterchangeClosedPending) && !IsEnvelopeId(id))
        {
            s.SegmentsInTransaction++;
            return;
        }
        TrackAnyEnvelope(id);
    }

    /// <summary>True for ST, SE, GS, GE and IEA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsEnvelopeId(ReadOnlySpan<byte> id) => id.Length == 2
        ? id[0] switch
        {
            (byte)'S' => id[1] is (byte)'T' or (byte)'E',
            (byte)'G' => id[1] is (byte)'S' or (byte)'E',
            _ => false,
        }
        : id[0] == (byte)'I' && id[1] == (byte)'E' && id[2] == (byte)'A';

    private void TrackAnyEnvelope(ReadOnlySpan<byte> id)
    {
        ClearClosedControls();
        ref var s = ref _state;
        if (id.Length == 2)
        {
            if (id[0] == (byte)'S')
            {
                if (id[1] == (byte)'T') { OnTransactionHeader(); return; }
                if (id[1] == (byte)'E') { OnTransactionTrailer(); return; }
            }
            else if (id[0] == (byte)'G')
            {
                if (id[1] == (byte)'S') { OnGroupHeader(); return; }
                if (id[1] == (byte)'E') { OnGroupTrailer(); return; }
            }
        }
        else if (id[0] == (byte)'I' && id[1] == (byte)'E' && id[2] == (byte)'A')
        {
            OnInterchangeTrailer();
            return;
        }

        if (s.InTransaction)
        {
            s.SegmentsInTransaction++;
            return;
        }
        if (s.Headerless) return;
        if (!s.InInterchange)
        {
            Report(DiagnosticCodes.MissingInterchangeHeader, DiagnosticSeverity.Error, "Segment outside an ISA/IEA interchange.", _segmentOffset, _segmentIndex, id, 0);
        }
        else if (!(id.Length == 3 && id.SequenceEqual("TA1"u8)))
        {
            Report(DiagnosticCodes.SegmentOutsideTransaction, DiagnosticSeverity.Error, "Segment outside an ST/SE transaction set.", _segmentOffset, _segmentIndex, id, 0);
        }
    }

    private void OnGroupHeader()
    {
        ref var s = ref _state;
        if (s.InTransaction) CloseTransaction(_segmentOffset, "GS");
        if (s.InGroup) CloseGroup(_segmentOffset, "GS");
        if (!s.InInterchange && !s.Headerless)
        {
            Report(DiagnosticCodes.MissingInterchangeHeader, DiagnosticSeverity.Error, "Functional group (GS) outside an ISA/IEA interchange.", _segmentOffset, _segmentIndex, "GS"u8, 0);
        }
        s.InGroup = true;
        s.TransactionsInGroup = 0;
        s.GroupsInInterchange++;
        s.GroupControl.Set(Segment[6]);
        s.FunctionalIdentifier.Set(Segment[1]);
        s.Statistics.FunctionalGroups++;
    }

    private void OnGroupTrailer()
    {
        ref var s = ref _state;
        if (s.InTransaction) CloseTransaction(_segmentOffset, "GE");
        if (!s.InGroup)
        {
            Report(DiagnosticCodes.UnexpectedTrailer, DiagnosticSeverity.Error, "GE without a matching GS.", _segmentOffset, _segmentIndex, "GE"u8, 0);
            return;
        }
        var segment = Segment;
        if (!segment.TryGetInt32(1, out var count))
        {
            Report(DiagnosticCodes.InvalidEnvelopeElement, DiagnosticSeverity.Error, "GE01 (number of transaction sets) is missing or not numeric.", _segmentOffset, _segmentIndex, "GE"u8, 1, segment[1]);
        }
        else if (count != s.TransactionsInGroup)
        {
            Report(DiagnosticCodes.GroupTransactionCountMismatch, DiagnosticSeverity.Error,
                $"GE01 says {count} transaction sets; the group holds {s.TransactionsInGroup}.", _segmentOffset, _segmentIndex, "GE"u8, 1);
        }
        if (!s.GroupControl.Matches(segment[2]))
        {
            Report(DiagnosticCodes.GroupControlNumberMismatch, DiagnosticSeverity.Error, "GE02 does not match GS06.", _segmentOffset, _segmentIndex, "GE"u8, 2, segment[2]);
        }
        s.InGroup = false;
        s.GroupControl.Clear();
    }

    private void OnTransactionHeader()
    {
        ref var s = ref _state;
        if (s.InTransaction) CloseTransaction(_segmentOffset, "ST");
        if (!s.InGroup && !s.Headerless)
        {
            Report(DiagnosticCodes.MissingGroupHeader, DiagnosticSeverity.Error, "Transaction set (ST) outside a GS/GE functional group.", _segmentOffset, _segmentIndex, "ST"u8, 0);
        }
        var segment = Segment;
        s.InTransaction = true;
        s.SegmentsInTransaction = 1;
        s.TransactionsInGroup++;
        s.TransactionSetId.Set(segment[1]);
        s.TransactionControl.Set(segment[2]);
        s.Statistics.Transactions++;
        if (segment[1].SequenceEqual("835"u8)) s.Statistics.Transactions835++;
        if (s.InGroup && ExpectedFunctionalIdentifier(segment[1]) is { } expected && !s.FunctionalIdentifier.Matches(expected))
        {
            Report(DiagnosticCodes.FunctionalIdentifierMismatch, DiagnosticSeverity.Error,
                $"The functional group identifier (GS01) does not fit transaction set {System.Text.Encoding.Latin1.GetString(segment[1])}, which belongs in a group {System.Text.Encoding.Latin1.GetString(expected)}.",
                _segmentOffset, _segmentIndex, "ST"u8, 1);
        }
    }

    private static ReadOnlySpan<byte> ExpectedFunctionalIdentifier(ReadOnlySpan<byte> transactionSet)
    {
        // GS01 codes of the transaction sets that travel with 835s.
        if (transactionSet.SequenceEqual("835"u8)) return "HP"u8;
        if (transactionSet.SequenceEqual("837"u8)) return "HC"u8;
        if (transactionSet.SequenceEqual("999"u8) || transactionSet.SequenceEqual("997"u8)) return "FA"u8;
        if (transactionSet.SequenceEqual("277"u8)) return "HN"u8;
        if (transactionSet.SequenceEqual("276"u8)) return "HR"u8;
        if (transactionSet.SequenceEqual("270"u8)) return "HS"u8;
        if (transactionSet.SequenceEqual("271"u8)) return "HB"u8;
        if (transactionSet.SequenceEqual("278"u8)) return "HI"u8;
        if (transactionSet.SequenceEqual("834"u8)) return "BE"u8;
        if (transactionSet.SequenceEqual("820"u8)) return "RA"u8;
        return default;
    }

    private void OnTransactionTrailer()
    {
        ref var s = ref _state;
        if (!s.InTransaction)
        {
            Report(DiagnosticCodes.UnexpectedTrailer, DiagnosticSeverity.Error, "SE without a matching ST.", _segmentOffset, _segmentIndex, "SE"u8, 0);
            return;
        }
        s.SegmentsInTransaction++;
        var segment = Segment;
        if (!segment.TryGetInt32(1, out var count))
        {
            Report(DiagnosticCodes.InvalidEnvelopeElement, DiagnosticSeverity.Error, "SE01 (number of included segments) is missing or not numeric.", _segmentOffset, _segmentIndex, "SE"u8, 1, segment[1]);
        }
        else if (count != s.SegmentsInTransaction)
        {
            Report(DiagnosticCodes.TransactionSegmentCountMismatch, DiagnosticSeverity.Error,
                $"SE01 says {count} segments; the transaction set holds {s.SegmentsInTransaction} from ST to SE.", _segmentOffset, _segmentIndex, "SE"u8, 1);
        }
        if (!s.TransactionControl.Matches(segment[2]))
        {
            Report(DiagnosticCodes.TransactionControlNumberMismatch, DiagnosticSeverity.Error, "SE02 does not match ST02.", _segmentOffset, _segmentIndex, "SE"u8, 2, segment[2]);
        }
        // The transaction stays current for the SE itself; it is closed when the next segment starts.
        s.TransactionControlClosedPending = true;
    }

    private void OnInterchangeTrailer()
    {
        ref var s = ref _state;
        if (s.InTransaction) CloseTransaction(_segmentOffset, "IEA");
        if (s.InGroup) CloseGroup(_segmentOffset, "IEA");
        if (!s.InInterchange)
        {
            Report(DiagnosticCodes.UnexpectedTrailer, DiagnosticSeverity.Error, "IEA without a matching ISA.", _segmentOffset, _segmentIndex, "IEA"u8, 0);
        }
        else
        {
            var segment = Segment;
            if (!segment.TryGetInt32(1, out var count))
            {
                Report(DiagnosticCodes.InvalidEnvelopeElement, DiagnosticSeverity.Error, "IEA01 (number of functional groups) is missing or not numeric.", _segmentOffset, _segmentIndex, "IEA"u8, 1, segment[1]);
            }
            else if (count != s.GroupsInInterchange)
            {
                Report(DiagnosticCodes.InterchangeGroupCountMismatch, DiagnosticSeverity.Error,
                    $"IEA01 says {count} functional groups; the interchange holds {s.GroupsInInterchange}.", _segmentOffset, _segmentIndex, "IEA"u8, 1);
            }
            if (!s.InterchangeControl.Matches(segment[2].Trim((byte)' ')))
            {
                Report(DiagnosticCodes.InterchangeControlNumberMismatch, DiagnosticSeverity.Error, "IEA02 does not match ISA13.", _segmentOffset, _segmentIndex, "IEA"u8, 2, segment[2]);
            }
        }
        s.InInterchange = false;
        s.Headerless = false;
        s.Mode = ReaderMode.Seeking;
        s.InterchangeClosedPending = true;
    }

    private void CloseTransaction(long offset, string before)
    {
        Report(DiagnosticCodes.MissingTransactionTrailer, DiagnosticSeverity.Error, $"Transaction set not closed by SE before {before}.", offset, _segmentIndex, default, 0);
        _state.InTransaction = false;
        _state.TransactionControl.Clear();
        _state.TransactionSetId.Clear();
    }

    private void CloseGroup(long offset, string before)
    {
        Report(DiagnosticCodes.MissingGroupTrailer, DiagnosticSeverity.Error, $"Functional group not closed by GE before {before}.", offset, _segmentIndex, default, 0);
        _state.InGroup = false;
        _state.GroupControl.Clear();
    }

    private void CloseOpenEnvelopes(long offset, string before)
    {
        ClearClosedControls();
        if (_state.Options.SkipEnvelopeValidation)
        {
            // Trailers are not tracked in this mode, so an open envelope is no finding.
            _state.InTransaction = _state.InGroup = _state.InInterchange = _state.Headerless = false;
            _state.InterchangeControl.Clear();
            return;
        }
        if (_state.InTransaction) CloseTransaction(offset, before);
        if (_state.InGroup) CloseGroup(offset, before);
        if (_state.InInterchange)
        {
            Report(DiagnosticCodes.MissingInterchangeTrailer, DiagnosticSeverity.Error, $"Interchange not closed by IEA before {before}.", offset, _segmentIndex, default, 0);
            _state.InInterchange = false;
        }
        _state.InterchangeControl.Clear();
        _state.Headerless = false;
    }

    private void ClearClosedControls()
    {
        if (_state.TransactionControlClosedPending)
        {
            _state.InTransaction = false;
            _state.TransactionControl.Clear();
            _state.TransactionSetId.Clear();
            _state.TransactionControlClosedPending = false;
        }
        if (_state.InterchangeClosedPending)
        {
            _state.InterchangeControl.Clear();
            _state.InterchangeClosedPending = false;
        }
    }
}
