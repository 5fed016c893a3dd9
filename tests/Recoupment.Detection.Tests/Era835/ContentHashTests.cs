using System.Text;
using Recoupment.Detection.Era835;

namespace Recoupment.Detection.Tests.Era835;

/// <summary>The content hash tells a re-sent copy (any delimiters, any line breaks) from a changed remittance.</summary>
public class ContentHashTests
{
    private static string HashOf(string text) =>
        Era835Reader.Read(Encoding.Latin1.GetBytes(text)).OfType<RemittanceEnd>().Single().ContentHash;

    [Test]
    public void A_copy_with_other_delimiters_and_line_breaks_hashes_the_same()
    {
        var body = X12Text.SimpleRemittance();
        var original = HashOf(X12Text.Interchange([body]));
        HashOf(X12Text.Interchange([body], '|', '^', "~", "\r\n", repetition: 'U')).Should().Be(original);
        HashOf(X12Text.Interchange([body], '+', '>', "'", "\n", control: "000000777")).Should().Be(original);
    }

    [Test]
    public void A_changed_amount_or_component_hashes_differently()
    {
        var body = X12Text.SimpleRemittance();
        var original = HashOf(X12Text.Interchange([body]));
        var changedAmount = body.Select(s => s.Replace("CAS*CO*45*20", "CAS*CO*45*21", StringComparison.Ordinal)).ToList();
        HashOf(X12Text.Interchange([changedAmount])).Should().NotBe(original);
        var changedModifier = body.Select(s => s.Replace("HC:99213:25", "HC:99213:59", StringComparison.Ordinal)).ToList();
        HashOf(X12Text.Interchange([changedModifier])).Should().NotBe(original);
        // A separator moved into another element is a different remittance, not the same bytes re-delimited.
        var moved = body.Select(s => s.Replace("SVC*HC:99213:25*100", "SVC*HC:99213*25*100", StringComparison.Ordinal)).ToList();
        HashOf(X12Text.Interchange([moved])).Should().NotBe(original);
    }
}
