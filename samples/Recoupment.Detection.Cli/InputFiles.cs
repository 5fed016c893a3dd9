using System.CommandLine;

namespace Recoupment.Detection.Cli;

/// <summary>One input the commands read: a file to process, or a path that could not be read and why.</summary>
/// <param name="Path">The path as given, or the given folder joined with the file's relative path.</param>
/// <param name="ProblemCode">Null for a file to read; otherwise <see cref="InputFiles.PathNotFound"/> or <see cref="InputFiles.PathUnreadable"/>.</param>
/// <param name="Problem">What is wrong with the path (never anything from a file's contents).</param>
public sealed record InputFile(string Path, string? ProblemCode = null, string? Problem = null);

/// <summary>Expands command-line paths (files or folders) into the files to process.</summary>
public static class InputFiles
{
    /// <summary>Diagnostic code for a path that does not exist.</summary>
    public const string PathNotFound = "CLI-IO-001";
    /// <summary>Diagnostic code for a file or folder that exists but could not be read.</summary>
    public const string PathUnreadable = "CLI-IO-002";

    /// <summary>
    /// The <c>&lt;path&gt;...</c> argument the commands share: one or more files or folders. An unknown option is a
    /// usage error rather than a path.
    /// </summary>
    public static Argument<string[]> CreateArgument()
    {
        var paths = new Argument<string[]>("path")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "835 files, or folders read recursively (hidden entries and README files skipped).",
        };
        // System.CommandLine hands an unknown "--option" to the argument as a path; make it the usage error it is.
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-'))
            {
                result.AddError($"Unrecognized option '{token.Value}'. (A path starting with '-' can be given as ./{token.Value}.)");
            }
        });
        return paths;
    }

    /// <summary>
    /// Every path in argument order; a folder becomes every file beneath it, recursively, sorted ordinally so that runs
    /// are deterministic. Extensions are not filtered: payers name 835 files anything. Under a folder, hidden entries
    /// (dot-files, dot-folders) and README files (README, README.md, ...) are skipped, so a data folder can document
    /// itself; a file named explicitly is always read.
    /// </summary>
    public static IEnumerable<InputFile> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                yield return new InputFile(path);
            }
            else if (Directory.Exists(path))
            {
                var found = new List<InputFile>();
                Collect(path, found);
                found.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
                foreach (var file in found) yield return file;
            }
            else
            {
                yield return new InputFile(path, PathNotFound, "File or folder not found.");
            }
        }
    }

    private static void Collect(string folder, List<InputFile> found)
    {
        IEnumerable<string> files, folders;
        try
        {
            // Materialize both lists so that an unreadable folder is reported once, as itself.
            files = Directory.GetFiles(folder);
            folders = Directory.GetDirectories(folder);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            found.Add(new InputFile(folder, PathUnreadable, $"Folder could not be read: {e.Message}"));
            return;
        }

        found.AddRange(files.Where(f => !IsHidden(f) && !IsReadme(f)).Select(f => new InputFile(f)));
        // Folder symlinks are not followed (as find does): a link cycle would never end.
        foreach (var sub in folders.Where(d => !IsHidden(d) && new DirectoryInfo(d).LinkTarget is null))
        {
            Collect(sub, found);
        }
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static bool IsReadme(string path) => Path.GetFileNameWithoutExtension(path).Equals("README", StringComparison.OrdinalIgnoreCase);
}
