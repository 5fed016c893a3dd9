namespace Recoupment.Detection.Era835.CodeLists;

/// <summary>
/// One code of an external or internal X12 code list, with the dates between which it may be used.
/// Retired codes stay in the list: an old remittance, or a reversal of an old claim, may still carry them.
/// </summary>
/// <param name="Code">The code as it appears in the 835, for example <c>45</c>, <c>N432</c> or <c>WO</c>.</param>
/// <param name="Description">A short description of the code.</param>
/// <param name="Start">First day the code may be used, or <see langword="null"/> when not known.</param>
/// <param name="Stop">
/// Day from which the code is no longer used (the code is active before this day), or <see langword="null"/>
/// when the code is current or its stop date is not known.
/// </param>
/// <param name="Category">
/// The category the code maps to (for CARC and RARC a recoupment root cause such as <c>Duplicate</c>; for PLB
/// reasons a family such as <c>Recovery</c>), or <see langword="null"/> when none applies.
/// </param>
public sealed record CodeEntry(string Code, string Description, DateOnly? Start, DateOnly? Stop, string? Category)
{
    /// <summary>Whether the code was in force on <paramref name="date"/>: on or after <see cref="Start"/> and before <see cref="Stop"/>.</summary>
    /// <param name="date">The date to test, for example the date of service or the remittance date.</param>
    /// <returns><see langword="true"/> when <paramref name="date"/> falls within the code's dates.</returns>
    public bool IsActiveOn(DateOnly date) => (Start is not { } start || date >= start) && (Stop is not { } stop || date < stop);
}
