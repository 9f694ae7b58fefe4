using Callytics.Paths.Validation;
using System.CommandLine;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Kubernetes;
using Callytics.Paths.Linting.Output;

namespace Callytics.Paths.Cli.Commands;

/// <summary><c>kube lint</c>: the compose checks for Kubernetes manifests, each finding at its exact line.</summary>
internal static class KubeCommand
{
    internal static Command Create(Invocation invocation)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifest files, directories (every *.yaml and *.yml in them, recursively) or - for stdin (helm template … | callytics-paths kube lint -).",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format") { Description = "text (FILE:LINE:COL: SEVERITY CODE: message [Kind/name container]), json or sarif (SARIF 2.1.0).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var lint = new Command("lint", "Check the manifests. Exit 0 with no error, 1 with errors, 2 when input cannot be read.") { paths, format };
        lint.SetAction(result => RunLint(invocation, result.GetValue(paths)!, result.GetValue(format)!));
        return new Command("kube", "Lint Kubernetes manifests: every Callytics path a container uses must lie inside a volumeMount of that container.") { lint };
    }

    private static int RunLint(Invocation invocation, string[] paths, string format)
    {
        Terminal terminal = invocation.Terminal;
        List<ManifestFile> files;
        List<Finding> findings;
        int suppressed;
        try
        {
            files = [.. Inputs(invocation, paths).Select(p => p.Shown == "-" ? ManifestFile.Read(invocation.In, "<stdin>") : ManifestFile.Load(p.Path, p.Shown))];
            (findings, suppressed) = KubernetesLinter.Lint(files);
        }
        catch (ManifestReadException exception)
        {
            throw new UsageException(exception.Message);
        }

        switch (format)
        {
            case "json":
                terminal.Out.WriteLine(FindingWriter.KubeJson(findings, suppressed));
                break;
            case "sarif":
                terminal.Out.WriteLine(FindingWriter.Sarif(findings, KubernetesRuleSet.All, ToolVersion.Informational));
                break;
            default:
                FindingWriter.WriteText(terminal.Out, findings, files.Count, suppressed);
                break;
        }

        return findings.Exists(f => f.Severity == FindingSeverity.Error) ? 1 : 0;
    }

    /// <summary>
    /// The files to read, each with the name it is shown by: each path as given, a directory's *.yaml and *.yml files
    /// (recursive, sorted, shown under the directory as given), - once.
    /// </summary>
    private static IEnumerable<(string Path, string Shown)> Inputs(Invocation invocation, string[] paths)
    {
        bool stdin = false;
        foreach (string path in paths)
        {
            if (path == "-")
            {
                if (!stdin)
                {
                    stdin = true;
                    yield return (path, path);
                }

                continue;
            }

            string full = invocation.FullPath(path);
            if (!Directory.Exists(full))
            {
                yield return (full, path);
                continue;
            }

            var found = new List<string>();
            try
            {
                found.AddRange(Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 })
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{path}: cannot read the directory: {exception.Message}");
            }

            found.Sort(StringComparer.Ordinal);
            foreach (string file in found)
            {
                yield return (file, Path.Join(path, Path.GetRelativePath(full, file)));
            }
        }
    }
}
