using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Reporting;

/// <summary>
/// The names of payers and providers, from the remittances a ledger holds (N1*PR and N1*PE N102): the latest remittance
/// by payment date names the party, then the document identity, so that any arrival order of the files gives the same names.
/// </summary>
public sealed class PartyNames
{
    private readonly Dictionary<string, string> _payers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<PartitionKey, string> _payees = [];

    private PartyNames()
    {
    }

    /// <summary>Payer names by payer key.</summary>
    public IReadOnlyDictionary<string, string> Payers => _payers;

    /// <summary>The names in the remittances of <paramref name="ledger"/>.</summary>
    public static PartyNames Of(IClaimLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return Of(ledger.AllDocuments());
    }

    /// <summary>The names in <paramref name="documents"/>.</summary>
    public static PartyNames Of(IEnumerable<DocumentRecord> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var names = new PartyNames();
        foreach (var d in documents.OrderBy(d => d.Date ?? DateOnly.MinValue).ThenBy(d => d.DocumentId, StringComparer.Ordinal))
        {
            if (d.PayerName is { Length: > 0 } payer) names._payers[d.Partition.PayerId] = payer;
            if (d.PayeeName is not { Length: > 0 } payee) continue;
            names._payees[d.Partition] = payee;
            names._providers[d.Partition.PayeeId] = payee;
            if (d.PayeeNpi is { Length: > 0 } npi) names._providers[npi] = payee;
        }
        return names;
    }

    /// <summary>The payer's name, or null.</summary>
    public string? Payer(string payerId) => _payers.GetValueOrDefault(payerId);

    /// <summary>The name of a provider ID (a payee NPI or tax ID); without an ID, the name of the partition's payee; else null.</summary>
    public string? Provider(string? providerId, PartitionKey? partition = null) =>
        providerId is { Length: > 0 } id ? _providers.GetValueOrDefault(id)
        : partition is { } p ? _payees.GetValueOrDefault(p) : null;
}
