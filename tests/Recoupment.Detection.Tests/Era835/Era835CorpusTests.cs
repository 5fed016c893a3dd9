using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Validation;

namespace Recoupment.Detection.Tests.Era835;

/// <summary>The typed 835 reader over the shared corpus.</summary>
public class Era835CorpusTests
{
    private static IEnumerable<string> AllFiles() => Corpus.AllFiles;

    [TestCaseSource(nameof(AllFiles))]
    public async Task Balancing_errors_appear_exactly_where_an_independent_check_finds_them(string file)
    {
        var bytes = Corpus.Read(file);
        var expected = NaiveX12Counter.Count(bytes);
        var report = await FileValidator.ValidateAsync(new MemoryStream(bytes), file);
        report.Errors.Count(d => d.Code == DiagnosticCodes.TransactionUnbalanced).Should().Be(expected.UnbalancedTransactions, "transactions");
        report.Errors.Count(d => d.Code == DiagnosticCodes.ClaimUnbalanced).Should().Be(expected.UnbalancedClaims, "claims");
        report.Errors.Count(d => d.Code == DiagnosticCodes.ServiceLineUnbalanced).Should().Be(expected.UnbalancedLines, "service lines");
    }

    [TestCaseSource(nameof(AllFiles))]
    public async Task Sync_and_async_reading_give_the_same_items_without_exceptions(string file)
    {
        var bytes = Corpus.Read(file);
        var sync = Era835Reader.Read(bytes, new Era835ReaderOptions { BufferSize = 300 }).Select(Describe).ToList();
        var asyncItems = new List<string>();
        await foreach (var item in Era835Reader.ReadAsync(new MemoryStream(bytes), new Era835ReaderOptions { BufferSize = 4096 })) asyncItems.Add(Describe(item));
        asyncItems.Should().Equal(sync);
        var remittances = Era835Reader.ReadRemittances(bytes);
        remittances.Sum(r => r.Claims.Count).Should().Be(sync.Count(s => s.StartsWith("C ", StringComparison.Ordinal)));
        if (Corpus.Entries.TryGetValue(file, out var entry) && entry.Interchanges > 0)
        {
            remittances.Sum(r => r.Claims.Count).Should().Be(NaiveX12Counter.Count(bytes).Claims);
        }
    }

    [Test]
    public void Placeholder_and_masked_files_give_diagnostics_not_crashes()
    {
        foreach (var file in new[] { "tigershark/sample_835.txt", "ryanco/example835One.txt", "affect/sample_835.txt", "affect/nevada_medicaid.txt" })
        {
            var diagnostics = new DiagnosticList();
            var items = Era835Reader.Read(Corpus.Read(file), new Era835ReaderOptions { Diagnostics = diagnostics, FileName = file }).ToList();
            items.OfType<RemittanceEnd>().Should().NotBeEmpty(file);
            if (file != "affect/nevada_medicaid.txt") diagnostics.Should().Contain(d => d.Code.StartsWith("835-", StringComparison.Ordinal), file);
            diagnostics.Should().OnlyContain(d => d.File == file && d.ByteOffset >= 0);
        }
    }

    [Test]
    public void A_reversal_file_of_4010_reads_the_CR_group_and_negative_amounts()
    {
        var remittance = Era835Reader.ReadRemittances(Corpus.Read("pyx12/history/835_simple.txt")).Single();
        remittance.Header.Version.Should().Be("004010X091A1");
        var reversal = remittance.Claims[0];
        reversal.IsReversal.Should().BeTrue();
        reversal.ChargeAmount.Should().Be(-310m);
        reversal.PaymentAmount.Should().Be(-210m);
        reversal.ServiceLines.Single().Adjustments.Single().Should().Be(new ClaimAdjustment("CR", "45", -100m, null));
        remittance.Claims[1].PayerClaimControlNumber.Should().Be(reversal.PayerClaimControlNumber);
        remittance.ProviderAdjustments.Select(a => (a.ReasonCode, a.Amount)).Should().Equal(("CS", -1008.1m), ("CS", 24.21m), ("CS", 5.95m));
        remittance.End.IsBalanced.Should().BeFalse();
    }

    [Test]
    public void A_repeated_header_loop_is_a_structure_error()
    {
        var report = FileValidator.ValidateAsync(new MemoryStream(Corpus.Read("pyx12/history/bad_header_looping.txt")), "f").AsTask().GetAwaiter().GetResult();
        report.Errors.Should().Contain(d => d.Code == DiagnosticCodes.SegmentOutOfOrder && d.SegmentId == "N1");
    }

    private static string Describe(RemittanceItem item) => item switch
    {
        RemittanceHeader h => $"H {h.TraceNumber} {h.Payment.TotalPaymentAmount} {h.Payer.Name} {h.Payee.Id}",
        ClaimPayment c => $"C {c.PatientControlNumber} {c.StatusCode} {c.ChargeAmount} {c.PaymentAmount} {c.ServiceLines.Count} {c.Adjustments.Count}",
        ProviderAdjustmentSegment p => $"P {string.Join(",", p.Adjustments.Select(a => a.ReasonCode + a.Amount))}",
        RemittanceEnd e => $"E {e.ClaimCount} {e.IsBalanced} {e.ContentHash} {e.Diagnostics.Count}",
        _ => item.GetType().Name,
    };
}
