using CsvHelper;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Csv;

/// <summary>
/// The events CSV of DESIGN §4.3 with CsvHelper: a header row, then one row per event, the 24 columns in contract
/// order. RFC 4180 quoting; dates yyyy-MM-dd; amounts with two decimals; empty where not applicable.
/// </summary>
public sealed class EventCsvWriter : IDisposable, IAsyncDisposable
{
    private readonly CsvWriter _csv;
    private bool _headerWritten;

    /// <summary>Creates a writer over a text writer.</summary>
    /// <param name="writer">Where the CSV goes.</param>
    /// <param name="leaveOpen">When false, the writer is disposed with this one.</param>
    public EventCsvWriter(TextWriter writer, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen);
    }

    /// <summary>Writes the header row (once; the first <see cref="Write(RecoupmentEvent)"/> does it when needed).</summary>
    public void WriteHeader()
    {
        if (_headerWritten) return;
        _headerWritten = true;
        _csv.WriteHeader([.. EventRow.Columns]);
    }

    /// <summary>Writes one event.</summary>
    public void Write(RecoupmentEvent e) => Write(EventRow.From(e));

    /// <summary>Writes one flattened event.</summary>
    public void Write(EventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        WriteHeader();
        _csv.WriteRecord([.. row.Values()]);
    }

    /// <summary>Writes events.</summary>
    public void Write(IEnumerable<RecoupmentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events) Write(e);
    }

    /// <summary>Flushes buffered rows.</summary>
    public void Flush() => _csv.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        WriteHeader();
        _csv.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        WriteHeader();
        await _csv.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Reads an events CSV (ours, or an answer key in the same format) back into rows.</summary>
public static class EventCsvReader
{
    /// <summary>Reads every row; the header must name the contract columns (extra columns are ignored).</summary>
    public static IReadOnlyList<EventRow> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var csv = CsvReader.Create(reader, CsvReaderOptions.Default, leaveOpen: true);
        var rows = new List<EventRow>();
        while (csv.Read())
        {
            string F(string column) => csv.TryGetFieldIndex(column, out var index) ? csv.GetString(index) : "";
            rows.Add(new EventRow
            {
                EventId = F("event_id"),
                EventType = F("event_type"),
                Family = F("family"),
                PayerId = F("payer_id"),
                PayeeId = F("payee_id"),
                ProviderId = F("provider_id"),
                RemittanceTrace = F("remittance_trace"),
                RemittanceDate = F("remittance_date"),
                ClaimId = F("claim_id"),
                PayerClaimNumber = F("payer_claim_number"),
                OriginalPayerClaimNumber = F("original_payer_claim_number"),
                OriginalRemittanceTrace = F("original_remittance_trace"),
                OriginalPaidAmount = F("original_paid_amount"),
                Amount = F("amount"),
                RemainingAmount = F("remaining_amount"),
                PlbReasonCode = F("plb_reason_code"),
                PlbReference = F("plb_reference"),
                Mode = F("mode"),
                Confidence = F("confidence"),
                RootCause = F("root_cause"),
                CarcCodes = F("carc_codes"),
                AppealDeadline = F("appeal_deadline"),
                RelatedEventId = F("related_event_id"),
                Note = F("note"),
            });
        }
        return rows;
    }
}
