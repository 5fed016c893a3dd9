using System.Text.Json;
using Recoupment.Detection.Cases;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Tests.Reporting;

/// <summary>
/// The HTML report in a real browser (headless Debian chromium): laid out at 1280 px without horizontal overflow, and
/// the worklist's search box, filters, sorting, grouping and paging working on 10,000 rows. A probe script appended to a
/// copy of the report drives the page and writes what it saw into the DOM, which --dump-dom returns.
/// </summary>
[NonParallelizable]
public sealed class BrowserReportTests
{
    private const int Items = 10_000;
    private static readonly DateOnly AsOf = new(2026, 6, 1);
    private static readonly string[] PayerIds = ["1990010001", "1990020001", "1990030001"];
    private static readonly string[] PayerNames = ["ZENITH MUTUAL HEALTH PLAN", "MEDICARE PART B SYNTHETIC MAC", "STATE MEDICAID SYNTHETIC PROGRAM"];
    private const string Hostile = "<b>BOLD</b> & \"quoted\" </script>";

    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        HeadlessChromium.Require();
        _folder = Directory.CreateTempSubdirectory("recoup-browser-").FullName;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    /// <summary>10,000 items over three payers and five providers; item 4,321 is the one to search for, item 9 carries markup.</summary>
    private static RecoupmentReport LargeReport()
    {
        var items = new List<WorklistItem>(Items);
        for (var i = 0; i < Items; i++)
        {
            var payer = i % 3;
            var deadline = AsOf.AddDays(i % 400 - 100);
            items.Add(new WorklistItem
            {
                Kind = i % 4 == 0 ? WorklistItemKind.OpenReceivable : WorklistItemKind.UnmatchedRecovery,
                PayerId = PayerIds[payer],
                PayerName = i == 9 ? Hostile : PayerNames[payer],
                PayeeId = "07990000" + (i % 5),
                ProviderId = "199000010" + (i % 5),
                ProviderName = i % 5 == 0 ? "PINECREST FAMILY MEDICINE AND URGENT CARE OF THE GREATER SPRINGFIELD AREA" : "LAKEVIEW PEDIATRICS",
                ClaimId = i == 4321 ? "NEEDLE-4321" : $"S{payer:000}-{i:0000000}",
                ServiceDate = AsOf.AddDays(-200 - i % 90),
                OriginalPayerClaimNumber = (2_603_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                OriginalPaidAmount = 100 + i % 900,
                RemittanceTrace = "8030000" + i,
                FoundDate = AsOf.AddDays(-i % 300),
                PlbReasonCode = i % 4 == 0 ? "WO" : null,
                PlbReference = i % 4 == 0 ? "WO-REFERENCE-WITHOUT-ANY-SPACES-" + i : null,
                Amount = 10m + i % 997 + 0.25m,
                Outstanding = 10m + i % 997 + 0.25m,
                CaseStatus = i % 7 == 3 ? CaseStatus.Appealed : i % 7 == 5 ? CaseStatus.InReview : CaseStatus.New,
                CaseNote = i % 7 == 3 ? "Level 1 filed" : null,
                AgeDays = i % 300,
                AppealDeadline = deadline,
                DaysToDeadline = deadline.DayNumber - AsOf.DayNumber,
                RootCause = (RootCause)(1 + i % 11),
                CarcCodes = ["CO-45", "PR-2"],
                Detail = "Original not in ledger",
                EventId = $"EV{i:x16}",
            });
        }
        return RecoupmentReport.Create([], [], [], AsOf) with { Worklist = items, Source = "synthetic.db" };
    }

    private const string Probe = """
        <script>
        (function () {
          function rows() { return Array.prototype.slice.call(document.querySelectorAll('#wl-body tr.item')); }
          function cell(tr, n) { return tr.children[n].textContent; }
          function set(el, value, type) { el.value = value; el.dispatchEvent(new Event(type, { bubbles: true })); }
          var root = document.documentElement, r = {};
          r.innerWidth = window.innerWidth;
          r.clientWidth = root.clientWidth;
          r.scrollWidth = Math.max(root.scrollWidth, document.body.scrollWidth);
          r.wide = Array.prototype.slice.call(document.querySelectorAll('body *')).filter(function (e) {
            return e.getBoundingClientRect().right > root.clientWidth + 0.5;
          }).slice(0, 5).map(function (e) { return e.tagName + '#' + e.id + '.' + e.className; });
          r.searchBoxes = document.querySelectorAll('input[type="search"]').length;
          r.rows = rows().length;
          r.status = document.getElementById('wl-status').textContent;
          r.page = document.getElementById('wl-page').textContent;
          r.markupInRows = document.querySelectorAll('#wl-body b, #wl-body script').length;
          r.hostileText = rows().map(function (tr) { return cell(tr, 4); }).filter(function (t) { return t.indexOf('<b>BOLD</b>') >= 0; }).length;

          var search = document.getElementById('wl-search');
          search.focus();
          var started = performance.now();
          set(search, 'needle-4321', 'input');
          r.searchMs = performance.now() - started;
          r.searchRows = rows().map(function (tr) { return cell(tr, 6); });
          r.searchStatus = document.getElementById('wl-status').textContent;
          set(search, '', 'input');
          r.clearedRows = rows().length;

          set(document.getElementById('wl-payer'), '1990020001', 'change');
          r.payerStatus = document.getElementById('wl-status').textContent;
          r.payerCells = rows().map(function (tr) { return cell(tr, 4); });
          set(document.getElementById('wl-payer'), '', 'change');

          set(document.getElementById('wl-case'), 'appealed', 'change');
          r.caseStatus = document.getElementById('wl-status').textContent;
          r.caseCells = rows().map(function (tr) { return cell(tr, 3); });
          set(document.getElementById('wl-case'), '', 'change');

          set(document.getElementById('wl-days'), '30', 'input');
          r.daysLeft = rows().map(function (tr) { return Number(cell(tr, 2).replace(/,/g, '')); });
          r.daysStatus = document.getElementById('wl-status').textContent;
          set(document.getElementById('wl-days'), '', 'input');

          var outstanding = document.querySelector('#worklist th[data-sort="outstanding"]');
          started = performance.now();
          outstanding.click(); outstanding.click();
          r.sortMs = (performance.now() - started) / 2;
          r.sortState = outstanding.getAttribute('aria-sort');
          r.sortedOutstanding = rows().slice(0, 3).map(function (tr) { return cell(tr, 12); });

          document.getElementById('wl-next').click();
          r.secondPage = document.getElementById('wl-page').textContent;
          r.secondStatus = document.getElementById('wl-status').textContent;

          var group = document.getElementById('wl-group');
          group.checked = true; group.dispatchEvent(new Event('change', { bubbles: true }));
          r.groupHeaders = Array.prototype.slice.call(document.querySelectorAll('#wl-body tr.group')).map(function (tr) { return tr.textContent; });

          rows()[0].click();
          r.details = document.querySelectorAll('#wl-body tr.details').length;
          r.scrollWidthAfter = Math.max(root.scrollWidth, document.body.scrollWidth);

          var pre = document.createElement('pre');
          pre.id = 'probe-result';
          pre.textContent = JSON.stringify(r);
          document.body.appendChild(pre);
        })();
        </script>
        """;

    private async Task<JsonElement> ProbeAsync(RecoupmentReport report, int width)
    {
        var html = RecoupmentReportHtml.Render(report);
        var page = Path.Combine(_folder, "probe.html");
        File.WriteAllText(page, html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        var dom = await HeadlessChromium.DumpDomAsync(page, width, 900);
        return JsonDocument.Parse(HeadlessChromium.ProbeResult(dom)).RootElement.Clone();
    }

    [Test]
    public async Task At1280Pixels_NothingOverflowsHorizontally_AndTheSearchBoxFiltersTenThousandRows()
    {
        var report = LargeReport();

        var r = await ProbeAsync(report, 1280);

        // Reported, never asserted: how long the page takes to filter and to sort 10,000 rows in this browser.
        TestContext.Out.WriteLine($"10,000 rows: search {r.GetProperty("searchMs").GetDouble():0.0} ms, sort {r.GetProperty("sortMs").GetDouble():0.0} ms");
        r.GetProperty("innerWidth").GetInt32().Should().Be(1280);
        r.GetProperty("scrollWidth").GetInt32().Should().BeLessThanOrEqualTo(r.GetProperty("clientWidth").GetInt32(),
            "no horizontal overflow at 1280 px; too wide: " + r.GetProperty("wide"));
        r.GetProperty("wide").GetArrayLength().Should().Be(0);
        r.GetProperty("searchBoxes").GetInt32().Should().Be(1);
        r.GetProperty("rows").GetInt32().Should().Be(RecoupmentReportHtml.DefaultPageSize, "one page of rows is in the DOM, not 10,000");
        r.GetProperty("status").GetString().Should().StartWith("Showing 1\u2013100 of 10,000 items");
        r.GetProperty("page").GetString().Should().Be("Page 1 of 100");

        r.GetProperty("searchRows").EnumerateArray().Select(e => e.GetString()).Should().Equal(["NEEDLE-4321"], "typing in the search box keeps the matching row");
        r.GetProperty("searchStatus").GetString().Should().StartWith("Showing 1\u20131 of 1 item (filtered from 10,000)");
        r.GetProperty("clearedRows").GetInt32().Should().Be(100);
    }

    [Test]
    public async Task Filters_Sorting_Paging_Grouping_AndDetails_Work()
    {
        var report = LargeReport();
        var secondPayer = report.Worklist.Count(i => i.PayerId == "1990020001");
        var dueWithin30 = report.Worklist.Count(i => i.DaysToDeadline <= 30);
        var largest = report.Worklist.Max(i => i.Outstanding).ToString("N2", System.Globalization.CultureInfo.InvariantCulture);

        var r = await ProbeAsync(report, 1280);

        r.GetProperty("payerStatus").GetString().Should().Contain($"of {secondPayer:N0} items (filtered from 10,000)");
        r.GetProperty("payerCells").EnumerateArray().Should().OnlyContain(c => c.GetString()!.StartsWith("MEDICARE PART B SYNTHETIC MAC", StringComparison.Ordinal));
        r.GetProperty("daysStatus").GetString().Should().Contain($"of {dueWithin30:N0} items");
        var appealed = report.Worklist.Count(i => i.CaseStatus == CaseStatus.Appealed);
        r.GetProperty("caseStatus").GetString().Should().Contain($"of {appealed:N0} items (filtered from 10,000)", "the case status filter keeps the appealed items");
        r.GetProperty("caseCells").EnumerateArray().Should().OnlyContain(c => c.GetString()!.EndsWith("Case appealed", StringComparison.Ordinal));
        r.GetProperty("daysLeft").EnumerateArray().Should().OnlyContain(d => d.GetInt32() <= 30, "deadline within 30 days, passed ones included");
        r.GetProperty("sortState").GetString().Should().Be("descending");
        r.GetProperty("sortedOutstanding").EnumerateArray().Select(e => e.GetString()).Should().AllBe(largest, "the largest amounts come first");
        r.GetProperty("secondPage").GetString().Should().Be("Page 2 of 100");
        r.GetProperty("secondStatus").GetString().Should().StartWith("Showing 101\u2013200 of 10,000 items");
        var groups = r.GetProperty("groupHeaders").EnumerateArray().Select(e => e.GetString()!).ToList();
        groups.Should().NotBeEmpty().And.OnlyContain(g => g.Contains(" items, ", StringComparison.Ordinal) && g.Contains(" outstanding", StringComparison.Ordinal));
        r.GetProperty("details").GetInt32().Should().Be(1, "clicking a row opens its details");
        r.GetProperty("scrollWidthAfter").GetInt32().Should().BeLessThanOrEqualTo(r.GetProperty("clientWidth").GetInt32(), "details do not overflow either");
    }

    [Test]
    public async Task Values_AreShownAsText_NeverAsMarkup()
    {
        var r = await ProbeAsync(LargeReport(), 1280);

        r.GetProperty("markupInRows").GetInt32().Should().Be(0);
        r.GetProperty("hostileText").GetInt32().Should().Be(1, "the payer name with markup is shown as the text it is");
    }

    [Test]
    public async Task Printed_ItIsALandscapePdf_WithEveryRowTheFiltersKeep()
    {
        var all = LargeReport().Worklist;
        var pagesOf100 = await PrintedPagesAsync(LargeReport() with { Worklist = all.Take(100).ToList() }, "100");
        var pagesOf300 = await PrintedPagesAsync(LargeReport() with { Worklist = all.Take(300).ToList() }, "300");

        pagesOf300.Should().BeGreaterThan(pagesOf100 + 5, "printing lays out all 300 rows, not the 100 of the page on screen");
    }

    /// <summary>Prints the report and returns its page count, checking that every page is landscape.</summary>
    private async Task<int> PrintedPagesAsync(RecoupmentReport report, string name)
    {
        var page = Path.Combine(_folder, name + ".html");
        File.WriteAllText(page, RecoupmentReportHtml.Render(report));
        var pdf = Path.Combine(_folder, name + ".pdf");

        await HeadlessChromium.PrintToPdfAsync(page, pdf);

        var text = File.ReadAllText(pdf, System.Text.Encoding.Latin1);
        text.Should().StartWith("%PDF-");
        var boxes = System.Text.RegularExpressions.Regex.Matches(text, @"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]");
        boxes.Should().NotBeEmpty();
        boxes.Should().OnlyContain(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >
                                        double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), "every page is landscape");
        return boxes.Count;
    }
}
