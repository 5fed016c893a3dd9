using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Tests.Ledgers;

/// <summary>
/// Every <see cref="IClaimLedger"/> method, run against every ledger (<see cref="LedgerKinds.All"/>: in memory, SQLite in
/// memory and in a file, PostgreSQL) from this one fixture: the same calls must give the same answers as the in-memory
/// reference. Each test gets a new, empty ledger (for PostgreSQL a schema of its own in the fixture's database).
/// </summary>
[TestFixtureSource(typeof(LedgerKinds), nameof(LedgerKinds.All))]
public sealed class ClaimLedgerContractTests(string kind)
{
    private static readonly PartitionKey P1 = new("PAYER1", "TIN1");
    private static readonly PartitionKey P2 = new("PAYER1", "TIN2");

    private LedgerFactory _factory = null!;
    private IClaimLedger _ledger = null!;

    [OneTimeSetUp]
    public void CreateFactory() => _factory = new LedgerFactory(kind);

    [OneTimeTearDown]
    public void DisposeFactory() => _factory?.Dispose();

    [SetUp]
    public void SetUp() => _ledger = _factory.Create();

    [TearDown]
    public void TearDown() => (_ledger as IDisposable)?.Dispose();

    // ---- Claims ----------------------------------------------------------------------------------------------------

    [Test]
    public void AddClaim_AssignsIncreasingIds_AndGetClaimReturnsEveryField()
    {
        var first = Claim(P1, "PCN-1", "ICN0001");
        var second = Claim(P1, "PCN-2", "ICN0002");

        _ledger.AddClaim(first, ClaimKeys.For(first));
        _ledger.AddClaim(second, ClaimKeys.For(second));

        first.Id.Should().Be(1);
        second.Id.Should().Be(2);
        var read = _ledger.GetClaim(second.Id);
        read.Should().BeEquivalentTo(second, o => o.RespectingRuntimeTypes());
        read!.Lines.Should().HaveCount(2);
        read.Lines[1].SubmittedProcedure.Should().Be("HC:99214");
        read.Adjustments.Should().Equal(second.Adjustments);
        _ledger.GetClaim(999).Should().BeNull();
    }

    [Test]
    public void AddClaim_KeepsScaleAndNulls()
    {
        var claim = new LedgerClaim
        {
            Partition = P1, DocumentId = "D1", PatientControlNumber = "X", StatusCode = "4", Charge = 10.50m, Paid = 0.00m,
        };
        _ledger.AddClaim(claim, ClaimKeys.For(claim));

        var read = _ledger.GetClaim(claim.Id)!;
        read.Should().BeEquivalentTo(claim);
        read.Charge.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("10.50");
        read.PayerClaimNumber.Should().BeNull();
        read.Lines.Should().BeEmpty();
        read.RemarkCodes.Should().BeEmpty();
    }

    [Test]
    public void FindClaims_ByEveryKeyKind_OldestFirst_AndOnlyInItsPartition()
    {
        var a = Claim(P1, "PCN-1", "ICN0001");
        var b = Claim(P1, "PCN-1", "ICN0002", f8: "ICN0001");
        var other = Claim(P2, "PCN-1", "ICN0001");
        foreach (var c in new[] { a, b, other }) _ledger.AddClaim(c, ClaimKeys.For(c));

        Ids(_ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001"))).Should().Equal(a.Id);
        Ids(_ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.OriginalReference, "ICN0001"))).Should().Equal(b.Id);
        Ids(_ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PatientControlNumber, "PCN1"))).Should().Equal(a.Id, b.Id);
        Ids(_ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.ServiceKey, ClaimKeys.ServiceKey("PCN-1", "ZZX1", new DateOnly(2026, 1, 5))!)))
            .Should().Equal(a.Id, b.Id);
        Ids(_ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.DuplicateKey, ClaimKeys.DuplicateKey("PCN-1", new DateOnly(2026, 1, 5), 200m)!)))
            .Should().Equal(a.Id, b.Id);
        Ids(_ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PaidAmount, "120.00"))).Should().Equal(a.Id, b.Id);
        Ids(_ledger.FindClaims(P2, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001"))).Should().Equal(other.Id);
        _ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "NOPE")).Should().BeEmpty();
        _ledger.FindClaims(new PartitionKey("X", "Y"), new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Should().BeEmpty();
    }

    [Test]
    public void FindClaims_AClaimListedTwiceUnderOneKey_ComesTwice()
    {
        // Two raw patient IDs that normalise alike give the same service key twice.
        var claim = Claim(P1, "PCN-1", "ICN0001", insured: "ZZX-1");
        var keys = ClaimKeys.For(claim);
        keys.Count(k => k.Kind == ClaimKeyKind.ServiceKey).Should().Be(2);

        _ledger.AddClaim(claim, keys);

        Ids(_ledger.FindClaims(P1, keys.First(k => k.Kind == ClaimKeyKind.ServiceKey))).Should().Equal(claim.Id, claim.Id);
    }

    [Test]
    public void FindClaims_ReturnsOnlyClaimsThatHaveTheKey()
    {
        // Keys are confirmed on the claim (ClaimKeys.Has): a key the claim's fields do not give finds nothing.
        var claim = Claim(P1, "PCN-1", "ICN0001");
        _ledger.AddClaim(claim, [new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001"), new ClaimKey(ClaimKeyKind.PayerClaimNumber, "NOT-ITS-OWN")]);

        Ids(_ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001"))).Should().Equal(claim.Id);
        _ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "NOT-ITS-OWN")).Should().BeEmpty();
        _ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PatientControlNumber, "PCN1")).Should().BeEmpty("it was not listed under its CLP01");
    }

    [Test]
    public void UpdateClaim_WritesTheMutableFields()
    {
        var original = Claim(P1, "PCN-1", "ICN0001");
        var correction = Claim(P1, "PCN-1", "ICN0002");
        _ledger.AddClaim(original, ClaimKeys.For(original));
        _ledger.AddClaim(correction, ClaimKeys.For(correction));

        original.State = LedgerClaimState.Reversed;
        original.ReversedByDocumentId = "DOC-2";
        original.PossibleDuplicate = true;
        _ledger.UpdateClaim(original);
        correction.CorrectionOfClaimId = original.Id;
        _ledger.UpdateClaim(correction);

        var read = _ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Single();
        read.State.Should().Be(LedgerClaimState.Reversed);
        read.ReversedByDocumentId.Should().Be("DOC-2");
        read.PossibleDuplicate.Should().BeTrue();
        _ledger.GetClaim(correction.Id)!.CorrectionOfClaimId.Should().Be(original.Id);
    }

    [Test]
    public void UpdateClaim_OfAClaimNotInTheLedger_DoesNothing()
    {
        var claim = Claim(P1, "PCN-1", "ICN0001");
        claim.State = LedgerClaimState.Reversed;

        _ledger.UpdateClaim(claim);

        _ledger.GetClaim(claim.Id).Should().BeNull();
        _ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Should().BeEmpty();
    }

    [Test]
    public void InADocumentScope_ReadsSeeTheScopesOwnChanges_AsTheSameObjects()
    {
        var document = Document("DOC-1", P1, "TRN1");
        using (var scope = _ledger.BeginDocument(document))
        {
            var claim = Claim(P1, "PCN-1", "ICN0001");
            _ledger.AddClaim(claim, ClaimKeys.For(claim));

            var found = _ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Single();
            found.Should().BeSameAs(claim);
            _ledger.GetClaim(claim.Id).Should().BeSameAs(claim);
            _ledger.ContainsDocument("DOC-1").Should().BeTrue();
            scope.Commit();
        }

        using (var scope = _ledger.BeginDocument(Document("DOC-2", P1, "TRN2")))
        {
            var first = _ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Single();
            _ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PatientControlNumber, "PCN1")).Single().Should().BeSameAs(first);
            _ledger.GetClaim(first.Id).Should().BeSameAs(first);
            scope.Commit();
        }
    }

    [Test]
    public void IdsAreSharedAcrossClaimsReceivablesSuspenseAndPendingReversals()
    {
        var claim = Claim(P1, "PCN-1", "ICN0001");
        _ledger.AddClaim(claim, ClaimKeys.For(claim));
        var receivable = Receivable(P1, "WO", "ICN0001");
        _ledger.AddReceivable(receivable, ["ICN1"]);
        var suspense = Suspense(P1, "EV1");
        _ledger.AddSuspense(suspense, ["K1"]);
        var pending = Pending(P1, claim, new DateOnly(2026, 3, 1));
        _ledger.AddPendingReversal(pending, ["ICN1"]);

        new[] { claim.Id, receivable.Id, suspense.Id, pending.Id }.Should().Equal(1, 2, 3, 4);
    }

    // ---- Receivables -----------------------------------------------------------------------------------------------

    [Test]
    public void Receivables_FoundByEveryReferenceKey_OpenOnly_OldestFirst()
    {
        var first = Receivable(P1, "WO", "ICN0001");
        var second = Receivable(P1, "FB", "ICN0001");
        var elsewhere = Receivable(P2, "WO", "ICN0001");
        _ledger.AddReceivable(first, ["ICN1", "PCN1"]);
        _ledger.AddReceivable(second, ["ICN1"]);
        _ledger.AddReceivable(elsewhere, ["ICN1"]);

        Ids(_ledger.FindOpenReceivables(P1, "ICN1")).Should().Equal(first.Id, second.Id);
        Ids(_ledger.FindOpenReceivables(P1, "PCN1")).Should().Equal(first.Id);
        Ids(_ledger.OpenReceivables(P1)).Should().Equal(first.Id, second.Id);
        Ids(_ledger.AllOpenReceivables()).Should().Equal(first.Id, second.Id, elsewhere.Id);
        _ledger.FindOpenReceivables(P1, "NOPE").Should().BeEmpty();
        _ledger.OpenReceivables(new PartitionKey("X", "Y")).Should().BeEmpty();
        _ledger.FindOpenReceivables(P1, "ICN1")[0].Should().BeEquivalentTo(first);
    }

    [Test]
    public void UpdateReceivable_WritesCollectedStatusAndStaleFlag_AndClosedOnesAreNotOpen()
    {
        var first = Receivable(P1, "WO", "ICN0001");
        var second = Receivable(P1, "FB", "ICN0001");
        _ledger.AddReceivable(first, ["ICN1"]);
        _ledger.AddReceivable(second, ["ICN1"]);

        first.Collected = 150m;
        first.Status = ReceivableStatus.Completed;
        _ledger.UpdateReceivable(first);
        second.Collected = 20.5m;
        second.StaleReported = true;
        _ledger.UpdateReceivable(second);

        var open = _ledger.FindOpenReceivables(P1, "ICN1").Single();
        open.Id.Should().Be(second.Id);
        open.Collected.Should().Be(20.5m);
        open.Remaining.Should().Be(129.5m);
        open.StaleReported.Should().BeTrue();
        Ids(_ledger.OpenReceivables(P1)).Should().Equal(second.Id);
        Ids(_ledger.AllOpenReceivables()).Should().Equal(second.Id);
    }

    // ---- Suspense --------------------------------------------------------------------------------------------------

    [Test]
    public void Suspense_FoundByKey_UntilRemoved()
    {
        var first = Suspense(P1, "EV1");
        var second = Suspense(P1, "EV2");
        var elsewhere = Suspense(P2, "EV3");
        _ledger.AddSuspense(first, ["K1", "K2"]);
        _ledger.AddSuspense(second, ["K1"]);
        _ledger.AddSuspense(elsewhere, ["K1"]);

        Ids(_ledger.FindSuspense(P1, "K1")).Should().Equal(first.Id, second.Id);
        Ids(_ledger.FindSuspense(P1, "K2")).Should().Equal(first.Id);
        _ledger.FindSuspense(P1, "K3").Should().BeEmpty();
        _ledger.FindSuspense(P1, "K2")[0].Should().BeEquivalentTo(first);
        Ids(_ledger.AllSuspense()).Should().Equal(first.Id, second.Id, elsewhere.Id);

        _ledger.RemoveSuspense(first);

        Ids(_ledger.FindSuspense(P1, "K1")).Should().Equal(second.Id);
        _ledger.FindSuspense(P1, "K2").Should().BeEmpty();
        Ids(_ledger.AllSuspense()).Should().Equal(second.Id, elsewhere.Id);
    }

    // ---- Pending reversals -----------------------------------------------------------------------------------------

    [Test]
    public void PendingReversals_FoundByKey_DueStrictlyBefore_ByDueDateThenId_UntilRemoved()
    {
        var reversal = Claim(P1, "PCN-1", "ICN0001", status: "22", paid: -120m, charge: -200m);
        var late = Pending(P1, reversal, new DateOnly(2026, 3, 10));
        var early = Pending(P1, reversal, new DateOnly(2026, 3, 1));
        var elsewhere = Pending(P2, reversal, new DateOnly(2026, 2, 1));
        _ledger.AddPendingReversal(late, ["ICN1", "SVC"]);
        _ledger.AddPendingReversal(early, ["ICN1"]);
        _ledger.AddPendingReversal(elsewhere, ["ICN1"]);

        Ids(_ledger.FindPendingReversals(P1, "ICN1")).Should().Equal(late.Id, early.Id);
        Ids(_ledger.FindPendingReversals(P1, "SVC")).Should().Equal(late.Id);
        _ledger.FindPendingReversals(P1, "NOPE").Should().BeEmpty();
        Ids(_ledger.PendingReversalsDueBefore(P1, new DateOnly(2026, 3, 10))).Should().Equal(early.Id);
        Ids(_ledger.PendingReversalsDueBefore(P1, new DateOnly(2026, 3, 11))).Should().Equal(early.Id, late.Id);
        Ids(_ledger.PendingReversalsDueBefore(null, new DateOnly(2026, 12, 31))).Should().Equal(elsewhere.Id, early.Id, late.Id);
        _ledger.PendingReversalsDueBefore(new PartitionKey("X", "Y"), new DateOnly(2026, 12, 31)).Should().BeEmpty();

        var read = _ledger.FindPendingReversals(P1, "SVC").Single();
        read.Should().BeEquivalentTo(late);
        read.Reversal.Should().BeEquivalentTo(reversal);

        _ledger.RemovePendingReversal(early);

        Ids(_ledger.FindPendingReversals(P1, "ICN1")).Should().Equal(late.Id);
        Ids(_ledger.PendingReversalsDueBefore(null, new DateOnly(2026, 12, 31))).Should().Equal(elsewhere.Id, late.Id);
    }

    // ---- Documents, providers, events ------------------------------------------------------------------------------

    [Test]
    public void Documents_AreKnownByIdentity_AndByTraceInTheirPartition()
    {
        var first = Document("DOC-1", P1, "TRN1");
        var second = Document("DOC-2", P1, "TRN1") with { TotalPayment = 0m, Date = null, File = null };
        _ledger.ContainsDocument("DOC-1").Should().BeFalse();

        using (var scope = _ledger.BeginDocument(first)) scope.Commit();
        using (var scope = _ledger.BeginDocument(second)) scope.Commit();

        _ledger.ContainsDocument("DOC-1").Should().BeTrue();
        _ledger.ContainsDocument("DOC-3").Should().BeFalse();
        _ledger.FindDocumentsByTrace(P1, "TRN1").Should().Equal(first, second);
        _ledger.FindDocumentsByTrace(P2, "TRN1").Should().BeEmpty();
        _ledger.FindDocumentsByTrace(P1, "TRN9").Should().BeEmpty();
    }

    [Test]
    public void AllDocuments_InTheOrderRecorded_WithPayerAndPayeeNames()
    {
        var first = Document("DOC-1", P2, "TRN1") with { PayerName = "ACME HEALTH PLAN", PayeeName = "NORTHWIND FAMILY MEDICINE", PayeeNpi = "1999990017" };
        var second = Document("DOC-2", P1, "TRN2") with { PayerName = "Ünïcode Payer ' \" <x>" };
        var third = Document("DOC-3", P1, "TRN3");
        _ledger.AllDocuments().Should().BeEmpty();

        foreach (var document in new[] { first, second, third })
        {
            using var scope = _ledger.BeginDocument(document);
            scope.Commit();
        }

        _ledger.AllDocuments().Should().Equal(first, second, third);
        _ledger.FindDocumentsByTrace(P2, "TRN1").Should().Equal(first);
        _ledger.AllDocuments()[1].PayerName.Should().Be("Ünïcode Payer ' \" <x>");
        _ledger.AllDocuments()[2].PayeeName.Should().BeNull();
    }

    [Test]
    public void Providers_FirstTaxIdWins_AndBlanksAreIgnored()
    {
        _ledger.RegisterProvider("TIN1", "1999990017");
        _ledger.RegisterProvider("TIN2", "1999990017");
        _ledger.RegisterProvider("", "1999990025");
        _ledger.RegisterProvider("TIN3", "");

        _ledger.TaxIdOf("1999990017").Should().Be("TIN1");
        _ledger.TaxIdOf("1999990025").Should().BeNull();
        _ledger.TaxIdOf("").Should().BeNull();
    }

    [Test]
    public void Events_ComeBackInOrder_WithTheirTypesAndEveryField()
    {
        var events = SampleEvents.OneOfEachType();
        _ledger.RecordEvents(events.Take(10).ToList());
        _ledger.RecordEvents([]);
        var snapshot = _ledger.Events();
        _ledger.RecordEvents(events.Skip(10).ToList());

        snapshot.Take(3).Should().HaveCount(3);
        snapshot.Count.Should().Be(events.Count, "the list is live, as in memory");
        var all = _ledger.Events();
        all.Count.Should().Be(events.Count);
        all.Select(e => e.GetType()).Should().Equal(events.Select(e => e.GetType()));
        all.Select(e => EventRow.From(e).Values()).Should().BeEquivalentTo(events.Select(e => EventRow.From(e).Values()), o => o.WithStrictOrdering());
        all.Should().BeEquivalentTo(events, o => o.RespectingRuntimeTypes().WithStrictOrdering());
        snapshot.Select(e => e.EventId).Should().Equal(events.Select(e => e.EventId));
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    private static long[] Ids(IEnumerable<LedgerClaim> claims) => claims.Select(c => c.Id).ToArray();

    private static long[] Ids(IEnumerable<Receivable> items) => items.Select(c => c.Id).ToArray();

    private static long[] Ids(IEnumerable<SuspenseItem> items) => items.Select(c => c.Id).ToArray();

    private static long[] Ids(IEnumerable<PendingReversal> items) => items.Select(c => c.Id).ToArray();

    internal static DocumentRecord Document(string id, PartitionKey partition, string trace) =>
        new(id, partition, trace, 1385.00m, new DateOnly(2026, 1, 15), "HASH-" + id, "file-" + id + ".835");

    internal static LedgerClaim Claim(PartitionKey partition, string pcn, string icn, string? f8 = null, string status = "1", decimal charge = 200m,
        decimal paid = 120m, string? insured = null) => new()
    {
        Partition = partition,
        DocumentId = "DOC-1",
        RemittanceTrace = "TRN1",
        RemittanceDate = new DateOnly(2026, 1, 15),
        ProviderId = "1999990017",
        RenderingProviderId = "1234567893",
        PatientControlNumber = pcn,
        StatusCode = status,
        Charge = charge,
        Paid = paid,
        PatientResponsibility = 20.00m,
        FilingIndicator = "12",
        PayerClaimNumber = icn,
        OriginalReference = f8,
        PatientId = "ZZX1",
        CorrectedPatientId = null,
        InsuredId = insured,
        HasCorrectedPriorityPayer = true,
        ServiceFrom = new DateOnly(2026, 1, 5),
        ServiceTo = new DateOnly(2026, 1, 6),
        Adjustments = [new AdjustmentAmount("CO", "45", 60.00m), new AdjustmentAmount("PR", "3", 20m)],
        RemarkCodes = ["MA01", "N130"],
        Lines =
        [
            new LedgerLine { Procedure = "HC:99213", Modifiers = "25:59", Units = 1.5m, Charge = 100m, Paid = 60m, LineControlNumber = "L1", ServiceDate = new DateOnly(2026, 1, 5) },
            new LedgerLine { Procedure = "HC:99213", Charge = 100m, Paid = 60m, SubmittedProcedure = "HC:99214" },
        ],
        Position = 3,
    };

    private static Receivable Receivable(PartitionKey partition, string code, string reference) => new()
    {
        Partition = partition,
        Code = code,
        Reference = reference,
        ProviderId = "1999990017",
        Amount = 150.00m,
        OpenedDate = new DateOnly(2026, 2, 12),
        DocumentId = "DOC-2",
        RemittanceTrace = "TRN2",
        OpenedEventId = "EVopened",
        ChainId = reference,
        ClaimId = "PCN-1",
        PayerClaimNumber = reference,
        OriginalPaidAmount = 350m,
        OriginalRemittanceTrace = "TRN1",
        AppealDeadline = new DateOnly(2026, 6, 12),
    };

    private static SuspenseItem Suspense(PartitionKey partition, string eventId) => new()
    {
        Partition = partition,
        EventId = eventId,
        Amount = 60m,
        DocumentId = "DOC-6",
        RemittanceTrace = "TRN6",
        RemittanceDate = new DateOnly(2026, 5, 21),
        PlbReasonCode = "WO",
        PlbReference = "ICN0001",
        ProviderId = "1999990025",
    };

    private static PendingReversal Pending(PartitionKey partition, LedgerClaim reversal, DateOnly due) => new()
    {
        Partition = partition,
        Reversal = reversal,
        OriginalClaimId = 7,
        OriginalPaid = 120m,
        OriginalRemittanceTrace = "TRN1",
        ReversalEventId = "EVrev",
        DueDate = due,
    };
}

/// <summary>One event of each concrete type, every field set.</summary>
internal static class SampleEvents
{
    public static IReadOnlyList<RecoupmentEvent> OneOfEachType()
    {
        RecoupmentEvent[] prototypes =
        [
            new ClaimReversed(), new ClaimCorrected { Delta = -30.00m }, new ClaimRecoupment { LookbackViolation = "RecoupmentOutsideLookback: NY" },
            new ClaimAdditionalPayment(), new ReceivableOpened { ReceivableId = "R12" }, new RecoupmentCollected(), new RecoupmentCompleted(),
            new RecoupmentOverCollected(), new ForwardBalanceCreated(), new ForwardBalanceApplied(),
            new ForwardBalanceRolled { FromReference = "FB1", ToReference = "FB2" }, new ForwardBalanceStale(), new CrossClaimOffset(),
            new AffiliatedOffset { FromProvider = "1999990025", ForProvider = "1999990017" }, new RefundAcknowledged(), new UnsolicitedRefundApplied(),
            new ReceivableWrittenOff(), new ProviderLevelAdjustment { Category = "Interest" }, new UnmatchedRecoupment { Reason = UnmatchedReason.ReferenceUnparseable },
            new RecoupmentLinked(), new PossibleDuplicatePayment(), new BalancingError(), new DuplicateRemittanceIgnored(),
        ];
        return prototypes.Select((e, i) => i % 2 == 0
            ? e with
            {
                EventId = $"EV{i:D4}",
                PayerId = "1870000001",
                PayeeId = "079990001",
                ProviderId = "1999990017",
                RemittanceTrace = "800100002",
                RemittanceDate = new DateOnly(2026, 2, 12),
                ClaimId = "NWFM-1001",
                PayerClaimNumber = "26020000201",
                OriginalPayerClaimNumber = "26010000101",
                OriginalRemittanceTrace = "800100001",
                OriginalPaidAmount = 120.00m,
                Amount = 30.5m,
                RemainingAmount = 0m,
                PlbReasonCode = "WO",
                PlbReference = "26010000102",
                Mode = RecoupmentMode.Deferred,
                Confidence = MatchConfidence.Medium,
                RootCause = RootCause.Coding,
                CarcCodes = ["CO-45", "PR-3"],
                AppealDeadline = new DateOnly(2026, 6, 12),
                RelatedEventId = "EV0000",
                Note = "Delta -30.00; \"quoted\", comma.",
            }
            : e with { EventId = $"EV{i:D4}", PayerId = "P", PayeeId = "Q", Amount = 1m }).ToList();
    }
}
