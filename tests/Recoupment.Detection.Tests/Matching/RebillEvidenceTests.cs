using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Matching.Pipeline;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>The rebill evidence (docs/matching.md): its hash agrees with the full comparison and with R3 normal forms.</summary>
public class RebillEvidenceTests
{
    private static LedgerClaim Claim(string pcn, string procedure = "N4:00093721410", string? line = null, decimal charge = 120.50m, string date = "2026-03-02") => new()
    {
        Partition = new PartitionKey("P", "T"),
        DocumentId = "D",
        PatientControlNumber = pcn,
        StatusCode = "1",
        Charge = charge,
        ServiceFrom = Remit.Day(date),
        Lines = [new LedgerLine { Procedure = procedure, LineControlNumber = line }],
    };

    [TestCase("6123456-1", "61234561")]
    [TestCase("0012-345", "12345")]
    [TestCase("rx 77/1", "RX771")]
    [TestCase("000", "0")]
    public void Identifiers_equal_in_normal_form_give_the_same_evidence(string a, string b)
    {
        ClaimKeys.Normalize(a).Should().Be(ClaimKeys.Normalize(b), "the premise");
        ClaimPairing.RebillHash(Claim(a)).Should().Be(ClaimPairing.RebillHash(Claim(b)));
        ClaimPairing.SameRebillEvidence(Claim(a), Claim(b)).Should().BeTrue();
    }

    [Test]
    public void A_negated_charge_is_the_same_charge()
    {
        ClaimPairing.RebillHash(Claim("6123456-1", charge: -120.5m)).Should().Be(ClaimPairing.RebillHash(Claim("6123456-1", charge: 120.50m)));
    }

    [TestCase("pcn")]
    [TestCase("product")]
    [TestCase("line control number")]
    [TestCase("charge")]
    [TestCase("date")]
    public void Any_difference_is_other_evidence(string part)
    {
        var a = Claim("6123456-1", line: "L1");
        var b = part switch
        {
            "pcn" => Claim("6123456-2", line: "L1"),
            "product" => Claim("6123456-1", procedure: "N4:00378395293", line: "L1"),
            "line control number" => Claim("6123456-1", line: "L2"),
            "charge" => Claim("6123456-1", line: "L1", charge: 120.51m),
            _ => Claim("6123456-1", line: "L1", date: "2026-03-03"),
        };
        ClaimPairing.SameRebillEvidence(a, b).Should().BeFalse();
        ClaimPairing.RebillHash(a).Should().NotBe(ClaimPairing.RebillHash(b));
    }

    [Test]
    public void Missing_parts_give_no_evidence()
    {
        ClaimPairing.RebillHash(Claim("--")).Should().BeNull("CLP01 of separators only is no identifier");
        ClaimPairing.RebillHash(Claim("6123456-1")).Should().NotBeNull();
        ClaimPairing.RebillHash(new LedgerClaim { Partition = new PartitionKey("P", "T"), DocumentId = "D", PatientControlNumber = "X1", StatusCode = "1" })
            .Should().BeNull("no date and no lines");
    }
}
