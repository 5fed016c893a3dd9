using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Synthetic.Internal;

internal enum PayerKind
{
    Commercial,
    Medicare,
    Medicaid,
}

internal sealed class SimPayer
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required string Code { get; init; }
    /// <summary>TRN03 ("1" + 9 digits): the payer key of the engine.</summary>
    public required string PayerId { get; init; }
    public required PayerKind Kind { get; init; }
    public required string FilingIndicator { get; init; }
    public required string IcnPrefix { get; init; }
    public long NextIcn { get; set; }
    public long NextTrace { get; set; }
    public int NextInterchange { get; set; }
}

internal sealed class SimOrganisation
{
    public required int Index { get; init; }
    public required string TaxId { get; init; }
    public required string PcnPrefix { get; init; }
    public required List<SimProvider> Providers { get; init; }
}

internal sealed class SimProvider
{
    public required SimOrganisation Organisation { get; init; }
    public required string Npi { get; init; }
    public required string Name { get; init; }
    public required string Street { get; init; }
    public required string City { get; init; }
    public required string State { get; init; }
    public required string Zip { get; init; }
}

internal readonly record struct Cas(string Group, string Reason, decimal Amount);

internal sealed class SimLine
{
    public required string Procedure { get; init; }
    public string? Modifier { get; init; }
    public string? SubmittedProcedure { get; init; }
    public decimal Charge { get; init; }
    public decimal Paid { get; init; }
    public decimal? Allowed { get; init; }
    public int Units { get; init; } = 1;
    public DateOnly ServiceDate { get; init; }
    public List<Cas> Adjustments { get; init; } = [];
}

internal sealed class SimPatient
{
    public required string LastName { get; init; }
    public required string FirstName { get; init; }
    public required string MemberId { get; init; }
}

/// <summary>One CLP loop as the simulated payer writes it.</summary>
internal sealed class SimClaim
{
    public required string Pcn { get; init; }
    public required string Status { get; init; }
    public decimal Charge { get; init; }
    public decimal Paid { get; init; }
    public decimal PatientResponsibility { get; init; }
    public required string FilingIndicator { get; init; }
    public required string Icn { get; init; }
    public string? OriginalReference { get; init; }
    public required SimPatient Patient { get; init; }
    public required SimProvider Provider { get; init; }
    public DateOnly ServiceDate { get; init; }
    public List<SimLine> Lines { get; init; } = [];
    public List<Cas> ClaimAdjustments { get; init; } = [];
    /// <summary>Counts in the pool that funds cross-claim offsets: a positive payment that is not a paired correction or a reversal.</summary>
    public bool Pooled { get; set; }
    /// <summary>The remittance (TRN02) and date that paid it, once written.</summary>
    public string? Trace { get; set; }
    public DateOnly PaidOn { get; set; }
}

/// <summary>A PLB adjustment pair.</summary>
internal sealed class SimPlb
{
    public required string Code { get; init; }
    public required string Reference { get; init; }
    public required decimal Amount { get; init; }
    /// <summary>Events this entry must cause; trace and date are stamped when its remittance is written.</summary>
    public List<PendingEvent> Expected { get; } = [];
    /// <summary>PLB01.</summary>
    public required string ProviderId { get; init; }
    /// <summary>Written before the other entries (write-offs and refunds with their partner).</summary>
    public int Order { get; init; }
    /// <summary>An FB with a negative amount: rolled from the remittance's applied FB, if it has one (R16).</summary>
    public bool OpensForwardBalance { get; set; }
}

/// <summary>Claims that travel together in a remittance (a reversal with its correction), with what they net.</summary>
internal sealed class ClaimUnit
{
    public List<SimClaim> Claims { get; } = [];
    /// <summary>The reversal or negative claim whose takeback is netted in the remittance, and the amount.</summary>
    public SimClaim? NettedClaim { get; set; }
    public decimal NettedAmount { get; set; }
    public List<PendingEvent> Expected { get; } = [];
}

/// <summary>One 835 transaction being assembled for a payer, a provider and a day.</summary>
internal sealed class SimRemittance
{
    public required SimPayer Payer { get; init; }
    public required SimProvider Provider { get; init; }
    public required int Day { get; init; }
    public List<ClaimUnit> Units { get; } = [];
    public List<SimPlb> Adjustments { get; } = [];
    /// <summary>Claims paid here whose payment date and trace later stories need.</summary>
    public List<SimClaim> Stamped { get; } = [];
}

/// <summary>An expected event, made when its remittance is written (so that earlier remittances' traces are known),
/// and why the engine cannot determine it from the corpus, if it cannot.</summary>
internal readonly record struct PendingEvent(Func<RecoupmentEvent> Make, string? NotDeterminableBecause = null);
