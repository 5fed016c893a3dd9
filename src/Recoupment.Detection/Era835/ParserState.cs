using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Era835;

/// <summary>The envelope context of the transactions that follow: captured when ISA and GS pass by.</summary>
internal sealed class EnvelopeContext
{
    public string? IsaSender { get; private set; }
    public string? IsaReceiver { get; private set; }
    public string? IsaControl { get; private set; }
    public string? GsSender { get; private set; }
    public string? GsReceiver { get; private set; }
    public string? GsControl { get; private set; }
    public string? GsVersion { get; private set; }

    public void OnIsa(X12Segment segment)
    {
        IsaSender = segment.GetString(6)?.Trim();
        IsaReceiver = segment.GetString(8)?.Trim();
        IsaControl = segment.GetString(13)?.Trim();
    }

    public void OnGs(X12Segment segment)
    {
        GsSender = segment.GetString(2);
        GsReceiver = segment.GetString(3);
        GsControl = segment.GetString(6);
        GsVersion = segment.GetString(8);
    }
}

/// <summary>Where the parser is in the loops of an 835.</summary>
internal enum Loop : byte
{
    Header,
    Payer,
    Payee,
    Group,
    Claim,
    Line,
    Summary,
}

/// <summary>
/// The progress of the one 835 transaction being read: which required segments were seen, the loop, the running
/// counts and sums for balancing, and the content hash. A new one per ST; fields, so that amounts can be passed by ref.
/// </summary>
internal sealed class TransactionProgress(RemittanceHeader header)
{
    public readonly RemittanceHeader Header = header;
    public Loop Loop = Loop.Header;
    public bool SawBpr;
    public bool SawBprOrderReported;
    public bool SawTrn;
    public bool SawPayer;
    public bool SawPayee;
    public bool IgnoringParty;
    public bool HeaderEmitted;

    /// <summary>False once an amount needed to balance the transaction could not be read.</summary>
    public bool AmountsValid = true;
    public long BprOffset;
    public long BprIndex;
    public ClaimGroup? Group;
    public int ClaimCount;
    public int LineCount;
    public int PlbSegments;
    public int PlbPairs;
    public decimal SumClp04;
    public decimal SumPlb;
    public ContentHash Hash = ContentHash.Create();
}

/// <summary>
/// The diagnostics of the transaction being read: every one goes to the caller's sink, and at most
/// <see cref="Era835Parser.MaxDiagnosticsPerTransaction"/> are kept for its <see cref="RemittanceEnd"/>. The X12 reader
/// reports into it too, so that envelope diagnostics are attached to the transaction they occur in.
/// </summary>
internal sealed class TransactionDiagnostics(IDiagnosticSink? sink) : IDiagnosticSink
{
    private List<Diagnostic>? _kept;

    public int ErrorCount { get; private set; }

    /// <summary>Starts keeping diagnostics for a new transaction.</summary>
    public void Begin()
    {
        _kept = [];
        ErrorCount = 0;
    }

    /// <summary>The kept diagnostics of the transaction that ends; nothing is kept until the next <see cref="Begin"/>.</summary>
    public IReadOnlyList<Diagnostic> End()
    {
        var kept = _kept ?? [];
        _kept = null;
        return kept;
    }

    public void Report(Diagnostic diagnostic)
    {
        sink?.Report(diagnostic);
        // A huge transaction with a warning on every claim cannot grow memory without bound.
        if (_kept is null) return;
        if (diagnostic.IsError) ErrorCount++;
        if (_kept.Count < Era835Parser.MaxDiagnosticsPerTransaction) _kept.Add(diagnostic);
    }
}

/// <summary>
/// The parts of the claim (CLP loop) being read, gathered in reused lists: the model gets exact-size arrays when it
/// closes, so that nothing is allocated per segment beyond the model itself.
/// </summary>
internal sealed class ClaimParts
{
    public ClaimPayment? Current;
    public bool AmountsValid;
    /// <summary>An amount of the claim is implausible: the claim is reported and skipped.</summary>
    public bool Implausible;
    public long SegmentIndex;
    public decimal AdjustmentTotal;
    public readonly List<ClaimAdjustment> Adjustments = [];
    public readonly List<PersonOrEntity> Names = [];
    public readonly List<Reference> References = [];
    public readonly List<QualifiedAmount> Amounts = [];
    public readonly List<QualifiedQuantity> Quantities = [];
    public readonly List<Contact> Contacts = [];
    public readonly List<ServiceLine> Lines = [];

    public void Start(ClaimPayment claim, long segmentIndex)
    {
        Current = claim;
        SegmentIndex = segmentIndex;
        AdjustmentTotal = 0;
        Implausible = false;
    }

    /// <summary>Moves the gathered parts into the claim and forgets it.</summary>
    public ClaimPayment? Close()
    {
        var claim = Current;
        if (claim is null) return null;
        Current = null;
        claim.Adjustments = Drain(Adjustments);
        claim.Names = Drain(Names);
        claim.References = Drain(References);
        claim.Amounts = Drain(Amounts);
        claim.Quantities = Drain(Quantities);
        claim.Contacts = Drain(Contacts);
        claim.ServiceLines = Drain(Lines);
        return claim;
    }

    /// <summary>The collected items as an exact-size array, and the list emptied for the next claim or line.</summary>
    public static IReadOnlyList<T> Drain<T>(List<T> items)
    {
        if (items.Count == 0) return [];
        var array = items.ToArray();
        items.Clear();
        return array;
    }
}

/// <summary>The parts of the service line (SVC loop) being read, as <see cref="ClaimParts"/> for a claim.</summary>
internal sealed class LineParts
{
    public ServiceLine? Current;
    public bool AmountsValid;
    public long SegmentIndex;
    public decimal AdjustmentTotal;
    public readonly List<ClaimAdjustment> Adjustments = [];
    public readonly List<Reference> References = [];
    public readonly List<QualifiedAmount> Amounts = [];
    public readonly List<QualifiedQuantity> Quantities = [];
    public readonly List<RemarkCode> Remarks = [];

    public void Start(ServiceLine line, long segmentIndex)
    {
        Current = line;
        SegmentIndex = segmentIndex;
        AdjustmentTotal = 0;
    }

    /// <summary>Moves the gathered parts into the line and forgets it.</summary>
    public ServiceLine? Close()
    {
        var line = Current;
        if (line is null) return null;
        Current = null;
        line.Adjustments = ClaimParts.Drain(Adjustments);
        line.References = ClaimParts.Drain(References);
        line.Amounts = ClaimParts.Drain(Amounts);
        line.Quantities = ClaimParts.Drain(Quantities);
        line.Remarks = ClaimParts.Drain(Remarks);
        return line;
    }
}
