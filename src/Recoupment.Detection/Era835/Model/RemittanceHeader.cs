namespace Recoupment.Detection.Era835;

/// <summary>
/// The header of one 835 transaction (Table 1): payment (BPR), trace (TRN), dates, payer and payee, with the
/// envelope it came in.
/// </summary>
public sealed class RemittanceHeader : RemittanceItem
{
    /// <summary>The input's name, when the reader knows it.</summary>
    public string? File { get; internal set; }
    /// <summary>ISA06: interchange sender ID.</summary>
    public string? InterchangeSenderId { get; internal set; }
    /// <summary>ISA08: interchange receiver ID.</summary>
    public string? InterchangeReceiverId { get; internal set; }
    /// <summary>ISA13.</summary>
    public string? InterchangeControlNumber { get; internal set; }
    /// <summary>GS02: application sender's code.</summary>
    public string? GroupSenderCode { get; internal set; }
    /// <summary>GS03: application receiver's code.</summary>
    public string? GroupReceiverCode { get; internal set; }
    /// <summary>GS06.</summary>
    public string? GroupControlNumber { get; internal set; }
    /// <summary>GS08, e.g. 005010X221A1 or 004010X091A1.</summary>
    public string? Version { get; internal set; }
    /// <summary>ST02.</summary>
    public string? TransactionControlNumber { get; internal set; }

    /// <summary>BPR: the payment.</summary>
    public PaymentInformation Payment { get; internal set; } = new();

    /// <summary>TRN01: trace type code (1 = current transaction trace numbers).</summary>
    public string? TraceTypeCode { get; internal set; }
    /// <summary>TRN02: check or EFT trace number; the identity of the remittance and the reference of FB adjustments.</summary>
    public string? TraceNumber { get; internal set; }
    /// <summary>TRN03: payer identifier (1 followed by the payer's TIN, or another ID).</summary>
    public string? TracePayerIdentifier { get; internal set; }
    /// <summary>TRN04: originating company supplemental code.</summary>
    public string? TraceSupplementalCode { get; internal set; }
    /// <summary>CUR02: currency code, when not USD.</summary>
    public string? Currency { get; internal set; }
    /// <summary>REF*EV: receiver identification.</summary>
    public string? ReceiverIdentifier { get; internal set; }
    /// <summary>REF*F2: version identification of the payer's adjudication system.</summary>
    public string? AdjudicationSystemVersion { get; internal set; }
    /// <summary>DTM*405: production date.</summary>
    public DateOnly? ProductionDate { get; internal set; }

    /// <summary>Loop 1000A: the payer.</summary>
    public Party Payer { get; internal set; } = new();
    /// <summary>Loop 1000B: the payee.</summary>
    public Party Payee { get; internal set; } = new();

    /// <summary>The payee's tax ID: N104 when N103 is FI, else REF*TJ of loop 1000B.</summary>
    public string? PayeeTaxId =>
        Payee.IdQualifier == "FI" ? Payee.Id : Payee.References.FirstOrDefault(r => r.Qualifier == "TJ")?.Value;

    /// <summary>The payee's NPI: N104 when N103 is XX.</summary>
    public string? PayeeNpi => Payee.IdQualifier == "XX" ? Payee.Id : null;

    /// <summary>The date that orders remittances: BPR16, else DTM*405.</summary>
    public DateOnly? EffectiveDate => Payment.PaymentDate ?? ProductionDate;
}

/// <summary>BPR: financial information of the remittance.</summary>
public sealed class PaymentInformation
{
    /// <summary>BPR01: C payment with remittance, D payment only, H notification only, I remittance only, P prenotification, U split, X handling party's option.</summary>
    public string? TransactionHandlingCode { get; internal set; }
    /// <summary>BPR02: total actual provider payment amount (the deposit).</summary>
    public decimal TotalPaymentAmount { get; internal set; }
    /// <summary>BPR03: C credit, D debit.</summary>
    public string? CreditDebitFlag { get; internal set; }
    /// <summary>BPR04: ACH, BOP, CHK, FWT or NON.</summary>
    public string? PaymentMethod { get; internal set; }
    /// <summary>BPR05: payment format code (CCP, CTX).</summary>
    public string? PaymentFormat { get; internal set; }
    /// <summary>BPR06: sender DFI ID qualifier.</summary>
    public string? SenderDfiQualifier { get; internal set; }
    /// <summary>BPR07: sender DFI identifier (routing number).</summary>
    public string? SenderDfiId { get; internal set; }
    /// <summary>BPR08: sender account number qualifier.</summary>
    public string? SenderAccountQualifier { get; internal set; }
    /// <summary>BPR09: sender bank account number.</summary>
    public string? SenderAccountNumber { get; internal set; }
    /// <summary>BPR10: originating company identifier (payer).</summary>
    public string? OriginatingCompanyId { get; internal set; }
    /// <summary>BPR11: originating company supplemental code.</summary>
    public string? OriginatingCompanySupplementalCode { get; internal set; }
    /// <summary>BPR12: receiver DFI ID qualifier.</summary>
    public string? ReceiverDfiQualifier { get; internal set; }
    /// <summary>BPR13: receiver DFI identifier.</summary>
    public string? ReceiverDfiId { get; internal set; }
    /// <summary>BPR14: receiver account number qualifier.</summary>
    public string? ReceiverAccountQualifier { get; internal set; }
    /// <summary>BPR15: receiver bank account number.</summary>
    public string? ReceiverAccountNumber { get; internal set; }
    /// <summary>BPR16: check issue or EFT effective date; orders remittances in time.</summary>
    public DateOnly? PaymentDate { get; internal set; }
}

/// <summary>An N1 loop: payer (1000A) or payee (1000B).</summary>
public sealed class Party
{
    internal List<Reference>? ReferenceList;
    internal List<Contact>? ContactList;

    /// <summary>N101: PR payer, PE payee.</summary>
    public string? EntityCode { get; internal set; }
    /// <summary>N102: name.</summary>
    public string? Name { get; internal set; }
    /// <summary>N103: ID qualifier (XV CMS plan ID; FI TIN, XX NPI for payees).</summary>
    public string? IdQualifier { get; internal set; }
    /// <summary>N104: identifier.</summary>
    public string? Id { get; internal set; }
    /// <summary>N3/N4.</summary>
    public Address? Address { get; internal set; }
    /// <summary>REF segments of the loop (2U, EO, HI, NF for payers; TJ, PQ, 0B, D3 for payees).</summary>
    public IReadOnlyList<Reference> References => (IReadOnlyList<Reference>?)ReferenceList ?? [];
    /// <summary>PER segments of the loop.</summary>
    public IReadOnlyList<Contact> Contacts => (IReadOnlyList<Contact>?)ContactList ?? [];
}

/// <summary>Loop 2000: LX header number with its TS3 (provider summary) and TS2 (Medicare Part A supplemental summary).</summary>
public sealed class ClaimGroup
{
    /// <summary>LX01: assigned number.</summary>
    public string? HeaderNumber { get; internal set; }
    /// <summary>TS301: provider identifier.</summary>
    public string? ProviderId { get; internal set; }
    /// <summary>TS302: facility type code.</summary>
    public string? FacilityTypeCode { get; internal set; }
    /// <summary>TS303: fiscal period date.</summary>
    public DateOnly? FiscalPeriodDate { get; internal set; }
    /// <summary>TS304: total claim count.</summary>
    public decimal? TotalClaimCount { get; internal set; }
    /// <summary>TS305: total claim charge amount.</summary>
    public decimal? TotalClaimCharge { get; internal set; }
    /// <summary>TS3 and TS2 amounts by element name (e.g. TS313, TS201), informational only.</summary>
    public IReadOnlyDictionary<string, decimal> SummaryAmounts { get; internal set; } = new Dictionary<string, decimal>();
}
