using System.IO.Compression;
using System.Xml.Linq;

namespace Recoupment.Detection.Tests.Reporting;

/// <summary>
/// Reads an .xlsx as the OpenXML it is (no spreadsheet library): sheet names, each sheet's view, autofilter and cells
/// with their type and number format, so that tests see exactly what Excel will.
/// </summary>
internal sealed class XlsxFile
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    private XlsxFile(IReadOnlyList<XlsxSheet> sheets) => Sheets = sheets;

    public IReadOnlyList<XlsxSheet> Sheets { get; }

    public XlsxSheet this[string name] => Sheets.Single(s => s.Name == name);

    public static XlsxFile Read(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        XDocument Load(string entry)
        {
            using var stream = (zip.GetEntry(entry) ?? throw new InvalidDataException($"{entry} is missing.")).Open();
            return XDocument.Load(stream);
        }

        var styles = Load("xl/styles.xml").Root!.Element(Main + "cellXfs")!.Elements(Main + "xf").Select(x => (int)x.Attribute("numFmtId")!).ToList();
        var formats = Load("xl/styles.xml").Root!.Element(Main + "numFmts")?.Elements(Main + "numFmt")
            .ToDictionary(f => (int)f.Attribute("numFmtId")!, f => (string)f.Attribute("formatCode")!) ?? [];
        var targets = Load("xl/_rels/workbook.xml.rels").Root!.Elements(PackageRelationships + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
        var shared = zip.GetEntry("xl/sharedStrings.xml") is null ? [] : Load("xl/sharedStrings.xml").Root!.Elements(Main + "si").Select(si => si.Value).ToList();

        var sheets = new List<XlsxSheet>();
        foreach (var sheet in Load("xl/workbook.xml").Root!.Element(Main + "sheets")!.Elements(Main + "sheet"))
        {
            var target = targets[(string)sheet.Attribute(Relationships + "id")!].TrimStart('/');
            var xml = Load(target.StartsWith("xl/", StringComparison.Ordinal) ? target : "xl/" + target).Root!;
            var pane = xml.Element(Main + "sheetViews")?.Element(Main + "sheetView")?.Element(Main + "pane");
            var rows = xml.Element(Main + "sheetData")!.Elements(Main + "row").Select(row => row.Elements(Main + "c").Select(c =>
            {
                var type = (string?)c.Attribute("t") ?? "n";
                var style = (int?)c.Attribute("s") ?? 0;
                var format = style < styles.Count && formats.TryGetValue(styles[style], out var code) ? code : null;
                var value = c.Element(Main + "v")?.Value ?? c.Element(Main + "is")?.Value;
                if (type == "s" && value is not null) value = shared[int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)];
                return new XlsxCell((string)c.Attribute("r")!, type, value, format);
            }).ToList()).ToList();
            sheets.Add(new XlsxSheet((string)sheet.Attribute("name")!, rows,
                FrozenRows: pane is not null && (string?)pane.Attribute("state") == "frozen" ? (int?)pane.Attribute("ySplit") ?? 0 : 0,
                AutoFilter: (string?)xml.Element(Main + "autoFilter")?.Attribute("ref")));
        }
        return new XlsxFile(sheets);
    }
}

/// <summary>One sheet: its rows of cells (empty cells included as MiniExcel writes them), frozen rows and autofilter range.</summary>
internal sealed record XlsxSheet(string Name, IReadOnlyList<IReadOnlyList<XlsxCell>> Rows, int FrozenRows, string? AutoFilter)
{
    public IReadOnlyList<string?> Header => Rows[0].Select(c => c.Value).ToList();

    /// <summary>The cell of a data row (1 = the first row after the header) under a heading.</summary>
    public XlsxCell Cell(int row, string heading) => Rows[row][Header.ToList().IndexOf(heading)];
}

/// <summary>A cell: reference, OpenXML type (n = number, str/s/inlineStr = text), raw value and number format code.</summary>
internal sealed record XlsxCell(string Reference, string Type, string? Value, string? Format)
{
    public bool IsNumber => Type == "n" && Value is { Length: > 0 };

    public decimal Number => decimal.Parse(Value!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The date of a number cell formatted as a date (Excel's serial day count from 1899-12-30).</summary>
    public DateOnly Date => DateOnly.FromDateTime(DateTime.FromOADate((double)Number));
}
