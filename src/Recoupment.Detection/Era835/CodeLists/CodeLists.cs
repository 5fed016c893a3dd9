namespace Recoupment.Detection.Era835.CodeLists;

/// <summary>
/// The 835 code lists shipped with the library, loaded on first use from embedded tab-separated files.
/// They are snapshots: codes added later are reported as unknown and pass through. Load a newer list with
/// <see cref="CodeList.Load(string, TextReader)"/> when needed.
/// </summary>
public static class CodeLists
{
    private const string ResourcePrefix = "Recoupment.Detection.Era835.CodeLists.";

    private static readonly Lazy<CodeList> CarcList = new(() => LoadEmbedded("carc"));
    private static readonly Lazy<CodeList> RarcList = new(() => LoadEmbedded("rarc"));
    private static readonly Lazy<CodeList> PlbList = new(() => LoadEmbedded("plb-reasons"));
    private static readonly Lazy<CodeList> ClaimStatusList = new(() => LoadEmbedded("claim-status"));
    private static readonly Lazy<CodeList> GroupList = new(() => LoadEmbedded("claim-adjustment-groups"));
    private static readonly Lazy<CodeList> FilingList = new(() => LoadEmbedded("claim-filing-indicators"));

    /// <summary>Claim Adjustment Reason Codes (X12 code source 139), used in CAS02, CAS05 and so on.</summary>
    public static CodeList Carc => CarcList.Value;

    /// <summary>Remittance Advice Remark Codes (X12 code source 411), used in MIA, MOA and LQ*HE.</summary>
    public static CodeList Rarc => RarcList.Value;

    /// <summary>Provider adjustment reason codes of PLB03-1 and the later PLB composites (X221A1 list).</summary>
    public static CodeList ProviderAdjustmentReasons => PlbList.Value;

    /// <summary>Claim status codes of CLP02.</summary>
    public static CodeList ClaimStatus => ClaimStatusList.Value;

    /// <summary>Claim adjustment group codes of CAS01.</summary>
    public static CodeList ClaimAdjustmentGroups => GroupList.Value;

    /// <summary>Claim filing indicator codes of CLP06, with the payer class as category.</summary>
    public static CodeList ClaimFilingIndicators => FilingList.Value;

    /// <summary>Opens an embedded list file, for example <c>carc.tsv</c>.</summary>
    internal static TextReader OpenEmbedded(string fileName)
    {
        var stream = typeof(CodeLists).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"The embedded code list '{fileName}' is missing from the assembly.");
        return new StreamReader(stream, System.Text.Encoding.UTF8);
    }

    private static CodeList LoadEmbedded(string name)
    {
        using var reader = OpenEmbedded(name + ".tsv");
        return CodeList.Load(name, reader);
    }
}
