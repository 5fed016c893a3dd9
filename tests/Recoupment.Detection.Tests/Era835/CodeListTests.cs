using System.Text;
using Recoupment.Detection.Era835.CodeLists;
using Lists = Recoupment.Detection.Era835.CodeLists.CodeLists;

namespace Recoupment.Detection.Tests.Era835;

/// <summary>The 835 code lists are data with dates and categories; lookups never throw and unknown codes pass through.</summary>
public class CodeListTests
{
    private static readonly string[] RootCauses =
    [
        "Duplicate", "Coding", "Modifier", "Units", "Documentation", "MedicalNecessity", "CoordinationOfBenefits",
        "FeeSchedule", "Eligibility", "PayerReprocessing", "Authorization", "TimelyFiling", "Sequestration",
        "PatientResponsibility", "Other",
    ];

    private static readonly string[] PlbFamilies =
    [
        "Recovery", "ForwardBalance", "AffiliatedOffset", "PeriodicInterim", "AcceleratedPayment", "Refund",
        "PayerAdjustment", "Interest", "Penalty", "Withholding", "Capitation", "Passthrough", "Settlement",
        "Incentive", "Fee", "ZeroBalancing",
    ];

    private static readonly string[] X221A1PlbCodes =
    [
        "50", "51", "72", "90", "AH", "AM", "AP", "B2", "B3", "BD", "BN", "C5", "CR", "CS", "CT", "CV", "CW", "DM",
        "E3", "FB", "FC", "GO", "HM", "IP", "IR", "IS", "J1", "L3", "L6", "LE", "LS", "OA", "OB", "PI", "PL", "RA",
        "RE", "SL", "TL", "WO", "WU",
    ];

    /// <summary>Each embedded file, the list it loads into, the smallest sensible size and the allowed categories.</summary>
    private static IEnumerable<TestCaseData> Files()
    {
        yield return new TestCaseData("carc.tsv", (Func<CodeList>)(() => Lists.Carc), 300, RootCauses).SetArgDisplayNames("carc");
        yield return new TestCaseData("rarc.tsv", (Func<CodeList>)(() => Lists.Rarc), 300, RootCauses).SetArgDisplayNames("rarc");
        yield return new TestCaseData("plb-reasons.tsv", (Func<CodeList>)(() => Lists.ProviderAdjustmentReasons), 41, PlbFamilies).SetArgDisplayNames("plb-reasons");
        yield return new TestCaseData("claim-status.tsv", (Func<CodeList>)(() => Lists.ClaimStatus), 10,
            new[] { "Paid", "Denied", "Reversal", "NotOurClaim", "Predetermination" }).SetArgDisplayNames("claim-status");
        yield return new TestCaseData("claim-adjustment-groups.tsv", (Func<CodeList>)(() => Lists.ClaimAdjustmentGroups), 5, RootCauses).SetArgDisplayNames("claim-adjustment-groups");
        yield return new TestCaseData("claim-filing-indicators.tsv", (Func<CodeList>)(() => Lists.ClaimFilingIndicators), 19,
            new[] { "Medicare", "Medicaid", "Commercial", "Government", "WorkersComp", "Other" }).SetArgDisplayNames("claim-filing-indicators");
    }

    [TestCaseSource(nameof(Files))]
    public void Each_list_loads_with_every_row_described(string file, Func<CodeList> list, int minimum, string[] categories)
    {
        var codes = list();

        codes.Count.Should().BeGreaterThanOrEqualTo(minimum);
        codes.Count.Should().Be(RawRows(file).Count, "every data row becomes one entry");
        codes.Entries.Should().OnlyContain(e => e.Code.Length > 0 && e.Description.Length > 0);
        codes.Entries.Should().OnlyContain(e => e.Start == null || e.Stop == null || e.Start < e.Stop);
    }

    [TestCaseSource(nameof(Files))]
    public void No_file_lists_a_code_twice(string file, Func<CodeList> list, int minimum, string[] categories)
    {
        RawRows(file).Select(r => r[0]).Should().OnlyHaveUniqueItems();
    }

    [TestCaseSource(nameof(Files))]
    public void Every_category_is_from_the_allowed_set(string file, Func<CodeList> list, int minimum, string[] categories)
    {
        list().Entries.Where(e => e.Category != null).Select(e => e.Category).Should().OnlyContain(c => categories.Contains(c));
    }

    [TestCaseSource(nameof(Files))]
    public void Files_have_the_five_columns_and_iso_dates(string file, Func<CodeList> list, int minimum, string[] categories)
    {
        using var reader = Lists.OpenEmbedded(file);
        reader.ReadLine().Should().Be("code\tstart\tstop\tcategory\tdescription");
        foreach (var row in RawRows(file))
        {
            row.Should().HaveCount(5, string.Join('\t', row));
            foreach (var date in new[] { row[1], row[2] }.Where(d => d.Length > 0))
                date.Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}$");
        }
    }

    [TestCase("18", "Duplicate")]
    [TestCase("B13", "Duplicate")]
    [TestCase("50", "MedicalNecessity")]
    [TestCase("45", "FeeSchedule")]
    [TestCase("4", "Modifier")]
    [TestCase("97", "Coding")]
    [TestCase("151", "Units")]
    [TestCase("16", "Documentation")]
    [TestCase("22", "CoordinationOfBenefits")]
    [TestCase("27", "Eligibility")]
    [TestCase("197", "Authorization")]
    [TestCase("29", "TimelyFiling")]
    [TestCase("129", "PayerReprocessing")]
    [TestCase("253", "Sequestration")]
    [TestCase("2", "PatientResponsibility")]
    public void Known_carcs_have_a_description_and_category(string code, string category)
    {
        Lists.Carc.CategoryOf(code).Should().Be(category);
        Lists.Carc.Describe(code).Should().NotBe(CodeList.UnknownDescription).And.NotBeNullOrWhiteSpace();
    }

    [TestCase("MA67", "PayerReprocessing")]
    [TestCase("N432", "Documentation")]
    [TestCase("N522", "Duplicate")]
    [TestCase("MA04", "CoordinationOfBenefits")]
    public void Known_rarcs_have_a_description_and_category(string code, string category)
    {
        Lists.Rarc.CategoryOf(code).Should().Be(category);
        Lists.Rarc.Describe(code).Should().NotBe(CodeList.UnknownDescription);
    }

    [TestCase("MA01")]
    [TestCase("MA07")]
    [TestCase("MA18")]
    [TestCase("MA130")]
    [TestCase("N4")]
    [TestCase("N14")]
    [TestCase("N20")]
    [TestCase("N30")]
    [TestCase("N130")]
    [TestCase("N362")]
    [TestCase("N381")]
    [TestCase("N538")]
    public void Commonly_seen_rarcs_are_present(string code) => Lists.Rarc.Contains(code).Should().BeTrue();

    [TestCase("WO", "Recovery")]
    [TestCase("WU", "Recovery")]
    [TestCase("FB", "ForwardBalance")]
    [TestCase("72", "Refund")]
    [TestCase("B2", "Refund")]
    [TestCase("OB", "AffiliatedOffset")]
    [TestCase("L6", "Interest")]
    [TestCase("50", "Penalty")]
    [TestCase("J1", "ZeroBalancing")]
    public void Provider_adjustment_reasons_have_their_family(string code, string family) =>
        Lists.ProviderAdjustmentReasons.CategoryOf(code).Should().Be(family);

    [Test]
    public void The_plb_list_is_exactly_the_X221A1_list()
    {
        Lists.ProviderAdjustmentReasons.Entries.Select(e => e.Code).Should().BeEquivalentTo(X221A1PlbCodes);
        Lists.ProviderAdjustmentReasons.Contains("OC").Should().BeFalse("OC is not in the X221A1 value list");
    }

    [TestCase("1", "Paid")]
    [TestCase("4", "Denied")]
    [TestCase("22", "Reversal")]
    [TestCase("23", "NotOurClaim")]
    [TestCase("25", "Predetermination")]
    public void Claim_statuses_have_their_category(string code, string category) =>
        Lists.ClaimStatus.CategoryOf(code).Should().Be(category);

    [TestCase("MA", "Medicare")]
    [TestCase("MB", "Medicare")]
    [TestCase("16", "Medicare")]
    [TestCase("MC", "Medicaid")]
    [TestCase("12", "Commercial")]
    [TestCase("CH", "Government")]
    [TestCase("WC", "WorkersComp")]
    public void Claim_filing_indicators_give_the_payer_class(string code, string payerClass) =>
        Lists.ClaimFilingIndicators.CategoryOf(code).Should().Be(payerClass);

    [Test]
    public void The_4010_group_code_CR_is_kept_but_retired()
    {
        Lists.ClaimAdjustmentGroups.TryGet("CR", out var cr).Should().BeTrue();
        cr!.Stop.Should().NotBeNull();
        cr.IsActiveOn(new DateOnly(2005, 6, 1)).Should().BeTrue();
        cr.IsActiveOn(new DateOnly(2020, 6, 1)).Should().BeFalse();
        Lists.ClaimAdjustmentGroups.Entries.Select(e => e.Code).Should().BeEquivalentTo(["CO", "CR", "OA", "PI", "PR"]);
    }

    [Test]
    public void A_deactivated_carc_has_a_stop_date_and_is_still_found()
    {
        Lists.Carc.TryGet("63", out var entry).Should().BeTrue();
        entry!.Stop.Should().Be(new DateOnly(2003, 10, 16));
        entry.Description.Should().NotBeNullOrWhiteSpace();
        entry.IsActiveOn(new DateOnly(2001, 1, 1)).Should().BeTrue();
        entry.IsActiveOn(new DateOnly(2003, 10, 16)).Should().BeFalse();
        Lists.Carc.Describe("63").Should().NotBe(CodeList.UnknownDescription);
    }

    [Test]
    public void Letter_carcs_are_present()
    {
        var codes = new[] { "A0", "A1", "A8" }
            .Concat(Enumerable.Range(1, 23).Select(i => $"B{i}"))
            .Concat(Enumerable.Range(1, 30).Select(i => $"P{i}"))
            .Concat(Enumerable.Range(1, 9).Select(i => $"W{i}"))
            .Concat(["Y1", "Y2", "Y3"]);
        codes.Should().OnlyContain(c => Lists.Carc.Contains(c));
        Lists.Carc.TryGet("W1", out var w1).Should().BeTrue();
        w1!.IsActiveOn(new DateOnly(2020, 1, 1)).Should().BeFalse("W codes were replaced by P codes");
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("999")]
    [TestCase("ZZ9")]
    [TestCase("not a code at all, far longer than any code could ever be")]
    [TestCase(null)]
    public void Unknown_codes_pass_through_without_throwing(string? code)
    {
        foreach (var list in new[] { Lists.Carc, Lists.Rarc, Lists.ProviderAdjustmentReasons, Lists.ClaimStatus })
        {
            list.Describe(code).Should().Be("Unknown code");
            list.CategoryOf(code).Should().BeNull();
            list.Contains(code).Should().BeFalse();
            list.TryGet(code, out var entry).Should().BeFalse();
            entry.Should().BeNull();
            list.TryGet(Encoding.UTF8.GetBytes(code ?? ""), out entry).Should().BeFalse();
        }
    }

    [Test]
    public void Byte_lookup_matches_string_lookup()
    {
        Lists.Carc.TryGet("45"u8, out var byBytes).Should().BeTrue();
        Lists.Carc.TryGet("45", out var byString).Should().BeTrue();
        byBytes.Should().BeSameAs(byString);
        Lists.ProviderAdjustmentReasons.TryGet(" WO "u8, out var wo).Should().BeTrue();
        wo!.Code.Should().Be("WO");
        Lists.Rarc.TryGet("N\u00e9"u8, out _).Should().BeFalse("non-ASCII bytes are never a code");
    }

    [Test]
    public void Byte_lookup_does_not_allocate()
    {
        var carc = Lists.Carc;
        var plb = Lists.ProviderAdjustmentReasons;
        ReadOnlySpan<byte> known = "B13"u8;
        ReadOnlySpan<byte> unknown = "X99"u8;
        ReadOnlySpan<byte> forward = "FB"u8;
        var found = 0;
        for (var i = 0; i < 100; i++) found += Lookups(carc, plb, known, unknown, forward);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) found += Lookups(carc, plb, known, unknown, forward);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        found.Should().Be(2 * 10_100);
    }

    private static int Lookups(CodeList carc, CodeList plb, ReadOnlySpan<byte> known, ReadOnlySpan<byte> unknown, ReadOnlySpan<byte> forward) =>
        (carc.TryGet(known, out _) ? 1 : 0) + (carc.TryGet(unknown, out _) ? 1 : 0) + (plb.TryGet(forward, out _) ? 1 : 0);

    [Test]
    public void A_newer_list_can_be_loaded_from_text()
    {
        const string tsv = "# a local list\ncode\tdescription\tcategory\tstart\tstop\n\n309\tA newer code\tOther\t2026-03-01\t\n45\tOverride\tFeeSchedule\t\t\n";
        var list = CodeList.Load("carc-local", new StringReader(tsv));

        list.Name.Should().Be("carc-local");
        list.Count.Should().Be(2);
        list.TryGet("309", out var entry).Should().BeTrue();
        entry.Should().Be(new CodeEntry("309", "A newer code", new DateOnly(2026, 3, 1), null, "Other"));
        entry!.IsActiveOn(new DateOnly(2026, 2, 28)).Should().BeFalse();
        entry.IsActiveOn(new DateOnly(2026, 3, 1)).Should().BeTrue();
        list.CategoryOf("45").Should().Be("FeeSchedule");
    }

    [TestCase("code\tstart\tstop\tcategory\n1\t\t\t\n", "no 'description' column")]
    [TestCase("code\tstart\tstop\tcategory\tdescription\n1\t1995/01/01\t\t\tx\n", "line 2")]
    [TestCase("code\tstart\tstop\tcategory\tdescription\n1\t\t\t\tx\n1\t\t\t\ty\n", "twice")]
    [TestCase("", "no header")]
    public void Broken_list_text_is_reported_with_its_line(string tsv, string message)
    {
        var load = () => CodeList.Load("bad", new StringReader(tsv));
        load.Should().Throw<FormatException>().WithMessage($"*{message}*");
    }

    [Test]
    public void Lists_can_be_built_from_entries()
    {
        var list = CodeList.FromEntries("payer", [new CodeEntry("X1", "Payer-specific", null, null, null)]);
        list.Describe("X1").Should().Be("Payer-specific");
        list.CategoryOf("X1").Should().BeNull();
        var twice = () => CodeList.FromEntries("payer", [new CodeEntry("X1", "a", null, null, null), new CodeEntry("X1", "b", null, null, null)]);
        twice.Should().Throw<ArgumentException>();
    }

    private static List<string[]> RawRows(string file)
    {
        using var reader = Lists.OpenEmbedded(file);
        reader.ReadLine();
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) rows.Add(line.Split('\t'));
        return rows;
    }
}
