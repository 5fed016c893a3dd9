using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sqlite;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>The scenarios give the same events whichever ledger the engine works on.</summary>
public class ScenarioLedgerTests
{
    [Test]
    public void Every_scenario_gives_the_same_events_on_the_SQLite_ledger()
    {
        foreach (var scenario in Scenarios.All)
        {
            var asOf = scenario.Documents.Max(d => d.Date).AddDays(400);
            var expected = scenario.Run(completeAsOf: asOf).Rows;
            using var sqlite = SqliteClaimLedger.OpenInMemory();
            scenario.Run(completeAsOf: asOf, ledger: sqlite).Rows.Should().Equal(expected, scenario.Name);
        }
    }
}
