using System.Runtime.CompilerServices;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sinks;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>How a pipeline gets the events: IAsyncEnumerable, callback, CSV and JSON lines.</summary>
public class EngineApiTests
{
    private static readonly string SampleFolder = Path.Combine(Corpus.RepositoryRoot, "samples", "data");

    private static IReadOnlyList<string> SampleFiles() => Directory.GetFiles(SampleFolder, "*.835").Order(StringComparer.Ordinal).ToList();

    [Test]
    public async Task Streaming_items_through_ProcessAsync_gives_the_scanners_events_when_files_arrive_in_order()
    {
        var scanned = await new RemittanceScanner(new RecoupmentEngine(new InMemoryClaimLedger())).ScanAsync(SampleFiles());

        var engine = new RecoupmentEngine(new InMemoryClaimLedger());
        var streamed = new List<RecoupmentEvent>();
        await foreach (var e in engine.ProcessAsync(ReadAll(SampleFiles()))) streamed.Add(e);

        Rows(streamed).Should().Equal(Rows(scanned.Events.Where(e => e is not ForwardBalanceStale)));
        streamed.Should().Contain(e => e is ClaimRecoupment).And.Contain(e => e is AffiliatedOffset);
    }

    [Test]
    public async Task The_callback_sees_every_event_in_order()
    {
        var engine = new RecoupmentEngine(new InMemoryClaimLedger());
        var seen = new List<RecoupmentEvent>();
        engine.EventEmitted += seen.Add;
        var result = await new RemittanceScanner(engine).ScanAsync(SampleFiles());
        seen.Should().Equal(result.Events);
    }

    [Test]
    public async Task Csv_and_json_lines_carry_the_same_rows_in_the_contract_columns()
    {
        var result = await new RemittanceScanner(new RecoupmentEngine(new InMemoryClaimLedger())).ScanAsync(SampleFiles());

        var csv = new StringWriter();
        using (var writer = new EventCsvWriter(csv, leaveOpen: true)) writer.Write(result.Events);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be(string.Join(',', EventRow.Columns));
        var fromCsv = EventCsvReader.Read(new StringReader(csv.ToString()));

        var json = new StringWriter();
        using (var writer = new EventJsonLinesWriter(json, leaveOpen: true)) writer.Write(result.Events);
        var fromJson = json.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => EventJsonLinesWriter.FromJson(l)!).ToList();

        var expected = result.Events.Select(EventRow.From).ToList();
        fromCsv.Should().Equal(expected);
        fromJson.Should().Equal(expected);
        json.ToString().Should().Contain("\"event_type\":\"ClaimReversed\"").And.Contain("\"original_paid_amount\":");
    }

    [Test]
    public void Amounts_are_written_non_negative_with_two_decimals()
    {
        var row = EventRow.From(new ClaimRecoupment { Amount = 40.1m, OriginalPaidAmount = -100m, RemittanceDate = new DateOnly(2026, 2, 12) });
        row.Amount.Should().Be("40.10");
        row.OriginalPaidAmount.Should().Be("100.00");
        row.RemittanceDate.Should().Be("2026-02-12");
        row.Family.Should().Be("Recoupment");
        row.EventType.Should().Be("ClaimRecoupment");
        row.RemainingAmount.Should().BeEmpty();
    }

    [Test]
    public void Every_event_type_of_the_contract_exists_in_its_family()
    {
        var expected = new Dictionary<string, EventFamily>
        {
            ["ClaimReversed"] = EventFamily.Recoupment, ["ClaimCorrected"] = EventFamily.Recoupment, ["ClaimRecoupment"] = EventFamily.Recoupment,
            ["ClaimAdditionalPayment"] = EventFamily.Adjustment, ["ReceivableOpened"] = EventFamily.Recoupment, ["RecoupmentCollected"] = EventFamily.Recoupment,
            ["RecoupmentCompleted"] = EventFamily.Recoupment, ["RecoupmentOverCollected"] = EventFamily.Recoupment, ["ForwardBalanceCreated"] = EventFamily.Offset,
            ["ForwardBalanceApplied"] = EventFamily.Offset, ["ForwardBalanceRolled"] = EventFamily.Offset, ["ForwardBalanceStale"] = EventFamily.Diagnostic,
            ["CrossClaimOffset"] = EventFamily.Offset, ["AffiliatedOffset"] = EventFamily.Offset, ["RefundAcknowledged"] = EventFamily.Refund,
            ["UnsolicitedRefundApplied"] = EventFamily.Refund, ["ReceivableWrittenOff"] = EventFamily.Adjustment, ["ProviderLevelAdjustment"] = EventFamily.Adjustment,
            ["UnmatchedRecoupment"] = EventFamily.Recoupment, ["RecoupmentLinked"] = EventFamily.Recoupment, ["PossibleDuplicatePayment"] = EventFamily.Diagnostic,
            ["BalancingError"] = EventFamily.Diagnostic, ["DuplicateRemittanceIgnored"] = EventFamily.Diagnostic,
        };
        var types = typeof(RecoupmentEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(RecoupmentEvent)) && !t.IsAbstract)
            .ToDictionary(t => t.Name, t => ((RecoupmentEvent)Activator.CreateInstance(t)!).Family);
        types.Should().BeEquivalentTo(expected);
    }

    private static IEnumerable<string> Rows(IEnumerable<RecoupmentEvent> events) => events.Select(e => string.Join("|", EventRow.From(e).Values()));

    private static async IAsyncEnumerable<RemittanceItem> ReadAll(IEnumerable<string> files, [EnumeratorCancellation] CancellationToken token = default)
    {
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await foreach (var item in Era835Reader.ReadAsync(stream, new Era835ReaderOptions { FileName = file }, token)) yield return item;
        }
    }
}
