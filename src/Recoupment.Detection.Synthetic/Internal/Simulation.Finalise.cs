using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Synthetic.Internal;

/// <summary>A remittance ready to write: balanced, with its trace number and payment.</summary>
internal sealed class Finalised
{
    public required string Trace { get; init; }
    public required DateOnly Date { get; init; }
    public required decimal Total { get; init; }
    /// <summary>BPR01: C (payment with remittance) or H (notification only).</summary>
    public required string Handling { get; init; }
    /// <summary>BPR04: ACH, CHK or NON.</summary>
    public required string Method { get; init; }
    public required IReadOnlyList<SimClaim> Claims { get; init; }
    public required IReadOnlyList<SimPlb> Adjustments { get; init; }
}

internal sealed partial class Simulation
{
    /// <summary>
    /// Orders the claims, balances the remittance as the payer would (R11/R12: a net-negative remittance carries its
    /// shortfall forward with FB(−) referencing its own TRN02, BPR01 = H, BPR02 = 0, BPR04 = NON; the next remittance to
    /// the provider applies it with FB(+), rolling it on when it is still short, RFI-2051), gives the trace number,
    /// and records the expected events with that trace.
    /// </summary>
    private Finalised Finalise(SimRemittance remittance)
    {
        var date = DateOf(remittance.Day);
        var units = remittance.Units;
        for (var i = units.Count - 1; i > 0; i--)
        {
            var j = _rng.Next(i + 1);
            (units[i], units[j]) = (units[j], units[i]);
        }
        var claims = units.SelectMany(u => u.Claims).ToList();

        // R11: each takeback netted here is funded by the other positive payments (paired corrections excluded), greedily in claim order.
        var pool = claims.Where(c => c.Pooled && c.Paid > 0).Sum(c => c.Paid);
        foreach (var unit in units)
        {
            if (unit.NettedClaim is not { } netted || unit.NettedAmount <= 0) continue;
            var funded = Math.Min(unit.NettedAmount, pool);
            if (funded <= 0) continue;
            pool -= funded;
            Expect(unit, () => OnClaim<CrossClaimOffset>(netted, funded));
        }

        var adjustments = remittance.Adjustments.OrderBy(a => a.Order).ToList();
        var net = claims.Sum(c => c.Paid) - adjustments.Sum(a => a.Amount);
        var key = (remittance.Payer.Index, _providerIndex[remittance.Provider]);
        var open = _openForwardBalances.TryGetValue(key, out var balance) ? balance : ((string Reference, decimal Amount)?)null;
        decimal total;
        decimal carried = 0;
        SimPlb? applied = null;
        if (open is { } fb)
        {
            applied = new SimPlb { Code = "FB", Reference = fb.Reference, Amount = fb.Amount, ProviderId = remittance.Provider.Npi, Order = 1 };
            adjustments.Add(applied);
            if (net >= fb.Amount) total = net - fb.Amount;
            else
            {
                carried = fb.Amount - net;
                total = 0;
            }
        }
        else if (net < 0)
        {
            carried = -net;
            total = 0;
        }
        else total = net;

        var payer = remittance.Payer;
        var method = total == 0 ? "NON" : Chance(0.8) ? "ACH" : "CHK";
        var trace = total == 0 ? $"NP{payer.Index + 1:D2}{payer.NextTrace++:D8}" : $"8{payer.Index + 1:D2}{payer.NextTrace++:D8}";

        if (applied is not null)
        {
            var amount = applied.Amount;
            Expect(applied, () => OnPlb<ForwardBalanceApplied>(applied, amount));
            Expect(applied, () => OnPlb<RecoupmentCompleted>(applied, amount));
        }
        if (carried > 0)
        {
            var created = new SimPlb { Code = "FB", Reference = trace, Amount = -carried, ProviderId = remittance.Provider.Npi, Order = 2, OpensForwardBalance = true };
            adjustments.Add(created);
            Expect(created, () => OnPlb<ForwardBalanceCreated>(created, carried));
            Expect(created, () => OnPlb<ReceivableOpened>(created, carried));
            _openForwardBalances[key] = (trace, carried);
        }
        else _openForwardBalances.Remove(key);
        if (applied is not null)
        {
            // R16: with an FB(+) applied, every FB(−) of another reference in the remittance continues the chain.
            foreach (var entry in adjustments.Where(a => a.OpensForwardBalance && a.Reference != applied.Reference))
            {
                var amount = -entry.Amount;
                Expect(entry, () => OnPlb<ForwardBalanceRolled>(entry, amount));
            }
        }

        foreach (var claim in claims)
        {
            claim.Trace ??= trace;
            if (claim.PaidOn == default) claim.PaidOn = date;
        }
        var payee = remittance.Provider.Organisation.TaxId;
        void Emit(PendingEvent pending)
        {
            var e = pending.Make();
            e = e with
            {
                PayerId = payer.PayerId,
                PayeeId = payee,
                ProviderId = e.ProviderId ?? remittance.Provider.Npi,
                RemittanceTrace = e.RemittanceTrace ?? trace,
                RemittanceDate = e.RemittanceDate ?? date,
                Note = pending.NotDeterminableBecause is { } why ? ExpectedEvent.NotDeterminablePrefix + why : ExpectedEvent.DeterminableNote,
            };
            _expect(e, pending.NotDeterminableBecause);
        }
        foreach (var unit in units)
        {
            foreach (var pending in unit.Expected) Emit(pending);
        }
        foreach (var entry in adjustments)
        {
            foreach (var pending in entry.Expected) Emit(pending);
        }

        return new Finalised
        {
            Trace = trace,
            Date = date,
            Total = total,
            Handling = total == 0 ? "H" : "C",
            Method = method,
            Claims = claims,
            Adjustments = adjustments,
        };
    }
}
