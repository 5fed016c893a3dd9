using Recoupment.Detection.Cli;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>How command-line paths expand into input files.</summary>
public class InputFilesTests() : RecoupCliFixture("recoup-inputs-")
{
    [SetUp]
    public void CreateTree()
    {
        foreach (var relative in new[] { "b.txt", "a-b.edi", "a/z", "a/b/c.835", ".hidden.835", ".git/x.835", "README.md", "a/readme.txt", "no-extension" })
        {
            var path = Path.Combine(TempRoot, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "ISA");
        }
    }

    [Test]
    public void Folder_ExpandsRecursively_InOrdinalOrder_SkippingHiddenAndReadmeEntries()
    {
        var files = InputFiles.Expand([TempRoot]).ToList();

        files.Should().OnlyContain(f => f.ProblemCode == null);
        files.Select(f => Path.GetRelativePath(TempRoot, f.Path).Replace('\\', '/')).Should().Equal(
            "a-b.edi", "a/b/c.835", "a/z", "b.txt", "no-extension");
    }

    [Test]
    public void ExplicitFiles_AreKeptInArgumentOrder_EvenWhenHidden()
    {
        var hidden = Path.Combine(TempRoot, ".hidden.835");
        var plain = Path.Combine(TempRoot, "b.txt");

        InputFiles.Expand([plain, hidden]).Select(f => f.Path).Should().Equal(plain, hidden);
    }

    [Test]
    public void MissingPath_IsReportedInPlace()
    {
        var missing = Path.Combine(TempRoot, "missing");
        var plain = Path.Combine(TempRoot, "b.txt");

        var files = InputFiles.Expand([missing, plain]).ToList();

        files.Should().HaveCount(2);
        files[0].Should().Be(new InputFile(missing, InputFiles.PathNotFound, "File or folder not found."));
        files[1].ProblemCode.Should().BeNull();
    }
}
