using Recoupment.Detection.Cli;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>How command-line paths expand into input files.</summary>
public class InputFilesTests
{
    private string _root = "";

    [SetUp]
    public void CreateTree()
    {
        _root = Directory.CreateTempSubdirectory("recoup-inputs-").FullName;
        foreach (var relative in new[] { "b.txt", "a-b.edi", "a/z", "a/b/c.835", ".hidden.835", ".git/x.835", "README.md", "a/readme.txt", "no-extension" })
        {
            var path = Path.Combine(_root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "ISA");
        }
    }

    [TearDown]
    public void DeleteTree() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Folder_ExpandsRecursively_InOrdinalOrder_SkippingHiddenAndReadmeEntries()
    {
        var files = InputFiles.Expand([_root]).ToList();

        files.Should().OnlyContain(f => f.ProblemCode == null);
        files.Select(f => Path.GetRelativePath(_root, f.Path).Replace('\\', '/')).Should().Equal(
            "a-b.edi", "a/b/c.835", "a/z", "b.txt", "no-extension");
    }

    [Test]
    public void ExplicitFiles_AreKeptInArgumentOrder_EvenWhenHidden()
    {
        var hidden = Path.Combine(_root, ".hidden.835");
        var plain = Path.Combine(_root, "b.txt");

        InputFiles.Expand([plain, hidden]).Select(f => f.Path).Should().Equal(plain, hidden);
    }

    [Test]
    public void MissingPath_IsReportedInPlace()
    {
        var missing = Path.Combine(_root, "missing");
        var plain = Path.Combine(_root, "b.txt");

        var files = InputFiles.Expand([missing, plain]).ToList();

        files.Should().HaveCount(2);
        files[0].Should().Be(new InputFile(missing, InputFiles.PathNotFound, "File or folder not found."));
        files[1].ProblemCode.Should().BeNull();
    }
}
