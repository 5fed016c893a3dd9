using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Tests.Reporting;

/// <summary>The recoupment report: the worklist, the totals and their definitions, and its HTML and CSV forms.</summary>
public partial class RecoupmentReportTests
{
    private static readonly PartitionKey Acme = new("1870000001", "079990001");

    private static IReadOnlyList<string> SampleFiles { get; } =
        Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "samples", "data"), "*.835").Order(StringComparer.Ordinal).ToList();

    private static async Task<IClaimLedger> ScanAsync(IEnumerable<string> files)
    {
        var ledger = new InMemoryClaimLedger();
        var result = await new RemittanceScanner(new RecoupmentEngine(ledger)).ScanAsync(files.ToList());
        result.ReadErrors.Should().BeEmpty();
        return ledger;
    }

    private static DateOnly Day(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task OpenReceivables_AreListedSoonestDeadlineFirst_WithAgeAmountOriginalClaimAndDeadline()
    {
        // 001-004: the deferred WO of NWFM-1002 is part collected (100 of 150); 004's forward balance (490) is not applied yet.
        var report = RecoupmentReport.Create(await ScanAsync(SampleFiles.Take(4)), Day("2026-05-01"));

        // Beside the two receivables, the two recoupments taken in full (NWFM-1001 against its correction, NWFM-1005's
        // COB takeback netted into the FB) can still be appealed; NWFM-1002's deferred one is its WO receivable.
        report.Worklist.Select(i => (i.Kind, i.ClaimId ?? i.PlbReference)).Should().Equal(
            (WorklistItemKind.OpenReceivable, "NWFM-1002"), (WorklistItemKind.Recoupment, "NWFM-1001"),
            (WorklistItemKind.Recoupment, "NWFM-1005"), (WorklistItemKind.OpenReceivable, "NP800100004"));
        report.OpenReceivables.Should().HaveCount(2);
        var wo = report.OpenReceivables.First();
        wo.Should().BeEquivalentTo(new
        {
            PayerId = "1870000001",
            PayeeId = "079990001",
            ProviderId = "1999990017",
            ClaimId = "NWFM-1002",
            OriginalPayerClaimNumber = "26010000102",
            OriginalPaidAmount = 350.00m,
            PlbReasonCode = "WO",
            PlbReference = "26010000102",
            RemittanceTrace = "800100002",
            FoundDate = Day("2026-02-12"),
            Amount = 150.00m,
            Outstanding = 50.00m,
            AgeDays = 78,
            AppealDeadline = Day("2026-08-11"),
            DaysToDeadline = 102,
            RootCause = RootCause.FeeSchedule,
            CarcCodes = new[] { "CO-45" },
            Detail = "Deferred recoupment, part collected",
        });
        var fb = report.OpenReceivables.Last();
        (fb.PlbReasonCode, fb.PlbReference, fb.Outstanding, fb.AppealDeadline, fb.AgeDays, fb.Detail)
            .Should().Be(("FB", "NP800100004", 490.00m, Day("2026-10-06"), 22, "Forward balance"));
        report.Overall.OpenReceivables.Should().Be(new ReportTally(2, 540.00m));
        report.Recoupments.Select(i => (i.Amount, i.Outstanding, i.AppealDeadline, i.RootCause, i.Detail)).Should().Equal(
            (30.00m, 30.00m, Day("2026-08-11"), RootCause.Coding, "Recouped against the correction"),
            (640.00m, 640.00m, Day("2026-10-06"), RootCause.CoordinationOfBenefits, "Recouped against the correction"));
        report.Deadlines.Should().Equal(new[] { new DeadlineDay(Day("2026-08-11"), new ReportTally(2, 80.00m)), new DeadlineDay(Day("2026-10-06"), new ReportTally(2, 1130.00m)) },
            "a recoupment's whole amount is at stake in its appeal");
    }

    [Test]
    public async Task Worklist_CarriesNamesFromN1_ThePatientAccount_AndTheDateOfService()
    {
        // Without 001 the originals are missing; each reversal's correction came with it and gives the dates of service.
        var ledger = await ScanAsync(SampleFiles.Skip(1));
        var report = RecoupmentReport.Create(ledger, Day("2026-09-01"));

        report.Worklist.Select(i => (i.PayerName, i.ProviderId, i.ProviderName, i.PatientAccount, i.ServiceDate)).Should().Equal(
            ("ACME HEALTH PLAN", "1999990017", "NORTHWIND FAMILY MEDICINE", "NWFM-1002", Day("2026-01-06")),
            ("ACME HEALTH PLAN", "1999990017", "NORTHWIND FAMILY MEDICINE", "NWFM-1001", Day("2026-01-05")),
            ("ACME HEALTH PLAN", "1999990017", "NORTHWIND FAMILY MEDICINE", "NWFM-1005", Day("2026-01-09")),
            ("ACME HEALTH PLAN", "1999990025", "NORTHWIND URGENT CARE", null, (DateOnly?)null));
        report.ByPayer.Single().Name.Should().Be("ACME HEALTH PLAN");
        report.ByProvider.Select(t => (t.Key, t.Name)).Should().BeEquivalentTo([("1999990017", "NORTHWIND FAMILY MEDICINE"), ("1999990025", "NORTHWIND URGENT CARE")]);
        report.PayerLabel("1870000001").Should().Be("ACME HEALTH PLAN (1870000001)");
        report.PayerLabel("OTHER").Should().Be("OTHER");
    }

    [Test]
    public async Task Receivables_TakeTheDateOfServiceOfTheOriginalClaim()
    {
        var report = RecoupmentReport.Create(await ScanAsync(SampleFiles.Take(4)), Day("2026-05-01"));

        report.OpenReceivables.Select(i => (i.PlbReasonCode, i.ServiceDate)).Should().Equal(("WO", Day("2026-01-06")), ("FB", (DateOnly?)null));
        report.Recoupments.Select(i => (i.ClaimId, i.ServiceDate)).Should().Equal(("NWFM-1001", Day("2026-01-05")), ("NWFM-1005", Day("2026-01-09")));
    }

    [Test]
    public async Task FromEventsAlone_TheReportHasNoNamesOrDates()
    {
        var ledger = await ScanAsync(SampleFiles.Skip(1));
        var report = RecoupmentReport.Create(ledger.Events(), ledger.AllOpenReceivables(), ledger.AllSuspense(), Day("2026-09-01"));

        report.Worklist.Should().HaveCount(4).And.OnlyContain(i => i.PayerName == null && i.ProviderName == null && i.ServiceDate == null);
        report.PayerNames.Should().BeEmpty();
    }

    [Test]
    public async Task UnmatchedRecoveries_AreOnTheWorklist_WhenTheOriginalsAreMissing()
    {
        var report = RecoupmentReport.Create(await ScanAsync(SampleFiles.Skip(1)), Day("2026-09-01"));

        report.Worklist.Should().OnlyContain(i => i.Kind == WorklistItemKind.UnmatchedRecovery);
        report.Worklist.Select(i => (i.OriginalPayerClaimNumber ?? i.PlbReference, i.Outstanding, i.AppealDeadline)).Should().Equal(
            ("26010000102", 150.00m, Day("2026-08-11")),
            ("26010000101", 30.00m, Day("2026-08-11")),
            ("26010000105", 640.00m, Day("2026-10-06")),
            ("26010000103", 60.00m, Day("2026-11-17")));
        report.Worklist[0].IsOverdue.Should().BeTrue("its deadline was 2026-08-11");
        report.Worklist[0].DaysToDeadline.Should().Be(-21);
        report.Worklist[2].IsOverdue.Should().BeFalse();
        report.Overall.Unmatched.Should().Be(new ReportTally(4, 880.00m));
        report.Overall.Recouped.Should().Be(new ReportTally(4, 880.00m), "UnmatchedRecoupment counts as recouped");
    }

    [Test]
    public async Task SampleData_Totals_FollowTheDefinitions()
    {
        var ledger = await ScanAsync(SampleFiles);
        var report = RecoupmentReport.Create(ledger, Day("2026-05-21"));

        report.OpenReceivables.Should().BeEmpty("every receivable is collected by 006");
        report.UnmatchedRecoveries.Should().BeEmpty("every recovery is matched by 006");
        // What is left are the four recoupments themselves, every one still within its appeal deadline; NWFM-1002's
        // deferred one keeps the case id of its receivable, collected in full since.
        report.Worklist.Select(i => (i.Kind, i.OriginalPayerClaimNumber, i.Amount, i.AppealDeadline, i.Detail)).Should().Equal(
            (WorklistItemKind.Recoupment, "26010000102", 150.00m, Day("2026-08-11"), "Deferred recoupment, receivable closed"),
            (WorklistItemKind.Recoupment, "26010000101", 30.00m, Day("2026-08-11"), "Recouped against the correction"),
            (WorklistItemKind.Recoupment, "26010000105", 640.00m, Day("2026-10-06"), "Recouped against the correction"),
            (WorklistItemKind.Recoupment, "26010000103", 60.00m, Day("2026-11-17"), "Provider-level recovery"));
        report.Worklist[0].EventId.Should().Be(ledger.Events().OfType<ReceivableOpened>().Single(e => e.PlbReasonCode == "WO").EventId);
        report.Worklist.Sum(i => i.Amount).Should().Be(report.Overall.Recouped.Amount, "each recoupment is on the worklist once");
        // Recouped: (a) 30 + (b) 150 + (c) 640 + (e) 60, as recoup scan's "Recouped on claims".
        report.Overall.Recouped.Should().Be(new ReportTally(4, 880.00m));
        // Collected: (b) 100 + 50 on the WO, (c) the forward balance 490 applied.
        report.Overall.Collected.Should().Be(new ReportTally(3, 640.00m));
        report.Overall.Refunded.Should().Be(new ReportTally(1, 40.00m));
        report.ByPayer.Should().ContainSingle().Which.Key.Should().Be("1870000001");
        report.ByRootCause.Select(t => (t.Key, t.Recouped.Amount)).Should().Equal(
            ("CoordinationOfBenefits", 640.00m), ("FeeSchedule", 150.00m), ("Unknown", 60.00m), ("Coding", 30.00m));
        report.ByCarc.Where(t => t.Recouped.Count > 0).Select(t => (t.Key, t.Recouped.Count, t.Recouped.Amount))
            .Should().Equal(("CO-22", 1, 640.00m), ("CO-45", 2, 180.00m), ("(none)", 1, 60.00m));
        report.ByProvider.Select(t => (t.Key, t.Recouped.Amount)).Should().Equal(("1999990017", 820.00m), ("1999990025", 60.00m));
        report.ByMonth.Select(t => (t.Key, t.Recouped.Amount, t.Collected.Amount, t.Refunded.Amount)).Should().Equal(
            ("2026-02", 180.00m, 0m, 0m), ("2026-03", 0m, 100.00m, 40.00m), ("2026-04", 640.00m, 0m, 0m), ("2026-05", 60.00m, 540.00m, 0m));
        report.RecoupedByMonthAndPayer.Select(m => (m.Month, m.Recouped.Amount)).Should().Equal(
            ("2026-02", 180.00m), ("2026-03", 0m), ("2026-04", 640.00m), ("2026-05", 60.00m));
        report.EventCount.Should().Be(ledger.Events().Count);
        (report.FirstPaymentDate, report.LatestPaymentDate).Should().Be((Day("2026-02-12"), Day("2026-05-21")));
    }

    [Test]
    public void Totals_CountEachCarc_FollowRelatedEvents_AndLeaveLinksAndReceivablesOut()
    {
        var recoupment = new ClaimRecoupment
        {
            EventId = "EV1", PayerId = "P1", PayeeId = "T1", ProviderId = "N1", RemittanceDate = Day("2026-01-10"), Amount = 100, Mode = RecoupmentMode.Deferred,
            RootCause = RootCause.Units, CarcCodes = ["CO-151", "CO-45"],
        };
        var opened = new ReceivableOpened
        {
            EventId = "EV2", PayerId = "P1", PayeeId = "T1", ProviderId = "N1", RemittanceDate = Day("2026-01-10"), Amount = 100, RelatedEventId = "EV1",
            AppealDeadline = Day("2026-07-10"),
        };
        var collected = new RecoupmentCollected { EventId = "EV3", PayerId = "P1", PayeeId = "T1", ProviderId = "N1", RemittanceDate = Day("2026-03-02"), Amount = 60, RelatedEventId = "EV2" };
        var unmatched = new UnmatchedRecoupment
        {
            EventId = "EV4", PayerId = "P2", PayeeId = "T1", RemittanceDate = Day("2026-03-05"), Amount = 25, RootCause = RootCause.Unknown,
            AppealDeadline = Day("2026-09-01"),
        };
        var linked = new RecoupmentLinked { EventId = "EV5", PayerId = "P2", PayeeId = "T1", RemittanceDate = Day("2026-04-01"), Amount = 25, RelatedEventId = "EV4" };
        var receivable = new Receivable
        {
            Partition = new PartitionKey("P1", "T1"), Code = "WO", Reference = "ICN1", ProviderId = "N1", Amount = 100, Collected = 60, OpenedDate = Day("2026-01-10"),
            DocumentId = "D1", OpenedEventId = "EV2",
        };
        var noDeadline = new SuspenseItem { Partition = new PartitionKey("P2", "T1"), EventId = "EV9", Amount = 7, DocumentId = "D9", RemittanceDate = Day("2026-01-01") };

        var report = RecoupmentReport.Create([recoupment, opened, collected, unmatched, linked], [receivable], [noDeadline], Day("2026-04-30"));

        report.Overall.Recouped.Should().Be(new ReportTally(2, 125m), "ClaimRecoupment and UnmatchedRecoupment; not ReceivableOpened, not RecoupmentLinked");
        report.Overall.Collected.Should().Be(new ReportTally(1, 60m));
        report.ByCarc.Select(t => (t.Key, t.Recouped.Amount, t.Collected.Amount, t.OpenReceivables.Amount)).Should().BeEquivalentTo(new[]
        {
            ("CO-151", 100m, 60m, 40m), ("CO-45", 100m, 60m, 40m), ("(none)", 25m, 0m, 0m),
        }, "an event with two CARCs counts under both; the collection and the receivable take the recoupment's codes");
        report.ByRootCause.Single(t => t.Key == "Units").Collected.Amount.Should().Be(60m);
        report.ByMonth.Select(t => t.Key).Should().Equal("2026-01", "2026-03");
        report.RecoupedByMonthAndPayer.Select(m => (m.Month, m.PayerId, m.Recouped.Amount)).Should().Equal(
            ("2026-01", "P1", 100m), ("2026-01", "P2", 0m), ("2026-02", "P1", 0m), ("2026-02", "P2", 0m), ("2026-03", "P1", 0m), ("2026-03", "P2", 25m));
        report.Worklist.Select(i => i.EventId).Should().Equal(["EV2", "EV4", "EV9"],
            "EV4's original arrived (no longer in suspense) and it can be appealed until 2026-09-01; EV1 is EV2's receivable; items without a deadline come last");
        report.Worklist[1].Should().BeEquivalentTo(new { Kind = WorklistItemKind.Recoupment, Outstanding = 25m, DaysToDeadline = 124 });
        report.Worklist[0].Should().BeEquivalentTo(new { RootCause = RootCause.Units, AppealDeadline = Day("2026-07-10"), DaysToDeadline = 71, Outstanding = 40m },
            "the receivable takes its deadline from the event that opened it when it carries none");
        report.Worklist[2].Should().BeEquivalentTo(new { AppealDeadline = (DateOnly?)null, DaysToDeadline = (int?)null, AgeDays = 119, RootCause = RootCause.Unknown });
    }

    // ---- HTML --------------------------------------------------------------------------------------------------

    [Test]
    public async Task Html_IsOneSelfContainedFile_WithChartsAndTheWorklist()
    {
        var report = RecoupmentReport.Create(await ScanAsync(SampleFiles.Skip(1)), Day("2026-09-01")) with { Source = "recoup.db", Remittances = 5 };

        var html = RecoupmentReportHtml.Render(report);

        Regex.Matches(html, "<html").Should().HaveCount(1);
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("</html>").And.Contain("<style>");
        html.Should().NotContainAny(["<script src", "http:", "https:", "<link", "<img", "@import", "url(", "fetch(", "XMLHttpRequest"],
            "nothing is loaded from outside the file");
        Regex.Matches(html, "<script").Should().HaveCount(2, "the worklist rows as JSON and the inline script that shows them");
        Regex.Matches(html, "<svg").Count.Should().BeGreaterThanOrEqualTo(3, "recouped per month by payer, by root cause, and a calendar month or more");
        html.Should().Contain("Recouped per month, by payer").And.Contain("Recouped by root cause").And.Contain("Appeal deadline calendar");
        html.IndexOf("Recouped per month", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf("id=\"worklist\"", StringComparison.Ordinal), "summary and charts come first");
        html.Should().Contain("October 2026").And.Contain("November 2026").And.NotContain("August 2026</text>", "the calendar starts at the as-of month")
            .And.Contain("2 items (180.00) had their deadline before September 2026");
        html.Should().Contain("<input type=\"search\" id=\"wl-search\"");
        html.Should().Contain("<option value=\"1870000001\">ACME HEALTH PLAN (1870000001)</option>").And.Contain("<option value=\"CoordinationOfBenefits\">Coordination of benefits</option>");
        var rows = WorklistRows(html);
        rows.Should().HaveCount(4);
        rows[2][9].GetString().Should().Be("26010000105");
        rows[2][14].GetDecimal().Should().Be(640.00m);
        rows[2][15].GetString().Should().Be("CoordinationOfBenefits");
        rows[0][3].GetString().Should().Be("ACME HEALTH PLAN");
        rows[0][8].GetString().Should().Be("2026-01-06", "the service date of the claim");
        foreach (Match svg in SvgPattern().Matches(html)) XElement.Parse(svg.Value).Name.LocalName.Should().Be("svg", "each chart is well-formed");
        foreach (var definition in RecoupmentReport.Definitions) html.Should().Contain(System.Net.WebUtility.HtmlEncode(definition));
    }

    /// <summary>The worklist rows of an HTML report: the JSON island the page script reads.</summary>
    internal static List<JsonElement[]> WorklistRows(string html)
    {
        var island = Regex.Match(html, "<script type=\"application/json\" id=\"worklist-data\">(.*?)</script>", RegexOptions.Singleline);
        island.Success.Should().BeTrue("the report embeds its rows");
        using var json = JsonDocument.Parse(island.Groups[1].Value);
        return json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.Clone()).ToArray()).ToList();
    }

    [Test]
    public void Html_EncodesEveryValue()
    {
        const string hostile = "<script>alert('x')</script>&\"";
        var unmatched = new UnmatchedRecoupment
        {
            EventId = "EV<1>", PayerId = hostile, PayeeId = "T1", ProviderId = hostile, RemittanceDate = Day("2026-03-05"), Amount = 25,
            RootCause = RootCause.Unknown, AppealDeadline = Day("2026-09-01"), PlbReference = hostile, ClaimId = hostile,
        };
        var item = new SuspenseItem
        {
            Partition = new PartitionKey(hostile, "T1"), EventId = "EV<1>", Amount = 25, DocumentId = "D1", RemittanceDate = Day("2026-03-05"),
            PlbReasonCode = "WO", PlbReference = hostile, ProviderId = hostile, ClaimId = hostile, RemittanceTrace = hostile,
        };
        var report = RecoupmentReport.Create([unmatched], [], [item], Day("2026-04-01")) with { Source = hostile };

        var html = RecoupmentReportHtml.Render(report);

        Regex.Matches(html, "<script").Should().HaveCount(2, "only the report's own two script elements");
        html.Should().NotContain("alert('x')").And.NotContain("EV<1>").And.NotContain("</script>&");
        html.Should().Contain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;", "in the page, values are HTML-encoded");
        html.Should().Contain("\\u003Cscript\\u003Ealert(\\u0027x\\u0027)\\u003C/script\\u003E\\u0026\\u0022", "in the JSON, values are escaped");
        var row = WorklistRows(html).Single();
        row[4].GetString().Should().Be(hostile, "the value itself is kept");
        row[18].GetString().Should().Be(hostile);
        foreach (Match svg in SvgPattern().Matches(html)) XElement.Parse(svg.Value);
    }

    [Test]
    public void Html_OfAnEmptyLedger_SaysThereIsNothing()
    {
        var html = RecoupmentReportHtml.Render(RecoupmentReport.Create([], [], [], Day("2026-04-01")));

        html.Should().Contain("Nothing open").And.Contain("Nothing recouped").And.Contain("No appeal deadline");
        html.Should().NotContain("<svg").And.NotContain("<script", "no worklist, no script");
    }

    // ---- CSV ---------------------------------------------------------------------------------------------------

    [Test]
    public async Task Csv_HasTheWorklistRows_ThenTheTotalsRows()
    {
        var report = RecoupmentReport.Create(await ScanAsync(SampleFiles.Take(4)), Day("2026-05-01"));
        using var writer = new StringWriter();

        ReportCsv.Write(report, writer);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be(string.Join(',', ReportCsv.Columns));
        lines[0].Split(',').Should().StartWith(["section", "group", "item", "payer_id"]);
        lines[1].Should().Be("worklist,,open_receivable,1870000001,ACME HEALTH PLAN,079990001,1999990017,NORTHWIND FAMILY MEDICINE,NWFM-1002,2026-01-06,26010000102,NWFM-1002,350.00,800100001,800100002,2026-02-12," +
                             $"WO,26010000102,78,2026-08-11,102,150.00,50.00,FeeSchedule,CO-45,\"Deferred recoupment, part collected\",{report.Worklist[0].EventId},,,,,,,,,,{report.Worklist[0].CaseId},new,,,,,,,,");
        lines[2].Should().Be("worklist,,recoupment,1870000001,ACME HEALTH PLAN,079990001,1999990017,NORTHWIND FAMILY MEDICINE,NWFM-1001,2026-01-05,26010000101,NWFM-1001,120.00,800100001,800100002,2026-02-12," +
                             $",,78,2026-08-11,102,30.00,30.00,Coding,CO-45,Recouped against the correction,{report.Worklist[1].EventId},,,,,,,,,,{report.Worklist[1].CaseId},new,,,,,,,,");
        lines[3].Should().StartWith("worklist,,recoupment,1870000001,ACME HEALTH PLAN,079990001,1999990017,NORTHWIND FAMILY MEDICINE,NWFM-1005,2026-01-09,26010000105,NWFM-1005,640.00,");
        lines[4].Should().StartWith("worklist,,open_receivable,1870000001,ACME HEALTH PLAN,079990001,1999990017,NORTHWIND FAMILY MEDICINE,,,,,,,NP800100004,2026-04-09,FB,NP800100004,22,2026-10-06,158,490.00,490.00,");
        lines[5].Should().Be("total,All,,,,,,,,,,,,,,,,,,,,,,,,,,,3,820.00,100.00,40.00,2,540.00,0,0.00,,,,,,,,,,", "the recoupments on the worklist are in Recouped, not again");
        lines.Skip(6).Select(l => l.Split(',')[0]).Distinct().Should().Equal("payer", "root_cause", "carc", "provider", "month", "procedure", "rendering_provider",
            "outcome", "appeal_recovered");
        lines.Should().Contain("month,2026-04,,,,,,,,,,,,,,,,,,,,,,,,,,,1,640.00,0.00,0.00,1,490.00,0,0.00,,,,,,,,,,");
        lines.Should().Contain("outcome,new" + new string(',', 38) + "4,1310.00,,,,,", "both open receivables (150.00 and 490.00 opened) and both recoupments (30.00, 640.00) are new cases");
        lines.Should().Contain("procedure,HC:29881:RT" + new string(',', 27) + "1,640.00,0.00,0.00,0,0.00,0,0.00,,,,,,,,,,", "the procedure with its modifier");
        lines.Should().OnlyContain(l => CsvFields(l) == ReportCsv.Columns.Count);
    }

    private static int CsvFields(string line) => Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)").Count;

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgPattern();
}
