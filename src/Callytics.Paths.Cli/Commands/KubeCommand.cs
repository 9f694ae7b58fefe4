using System.CommandLine;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Kubernetes;
using Callytics.Paths.Linting.Output;

namespace Callytics.Paths.Cli.Commands;

/// <summary><c>kube lint</c>: the compose checks for Kubernetes manifests, each finding at its exact line.</summary>
internal static class KubeCommand
{
    internal static Command Create(Terminal terminal)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifest files, directories (every *.yaml and *.yml in them, recursively) or - for stdin (helm template … | callytics-paths kube lint -).",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format") { Description = "text (FILE:LINE:COL: SEVERITY CODE: message [Kind/name container]), json or sarif (SARIF 2.1.0).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var lint = new Command("lint", "Check the manifests. Exit 0 with no error, 1 with errors, 2 when input cannot be read.") { paths, format };
        lint.SetAction(result => RunLint(terminal, result.GetValue(paths)!, result.GetValue(format)!));
        return new Command("kube", "Lint Kubernetes manifests: every Callytics path a container uses must lie inside a volumeMount of that container.") { lint };
    }

    private static int RunLint(Terminal terminal, string[] paths, string format)
    {
        List<ManifestFile> files;
        try
        {
            files = [.. Inputs(paths).Select(p => p == "-" ? ManifestFile.Read(Console.In, "<stdin>") : ManifestFile.Load(p))];
        }
        catch (ManifestReadException exception)
        {
            throw new UsageException(exception.Message);
        }

        (List<Finding> findings, int suppressed) = KubernetesLinter.Lint(files);
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

        return findings.Exists(f => f.Severity == "error") ? 1 : 0;
    }

    /// <summary>The files to read: each path as given, a directory's *.yaml and *.yml files (recursive, sorted), - once.</summary>
    private static IEnumerable<string> Inputs(string[] paths)
    {
        bool stdin = false;
        foreach (string path in paths)
        {
            if (path == "-")
            {
                if (!stdin)
                {
                    stdin = true;
                    yield return path;
                }

                continue;
            }

            if (!Directory.Exists(path))
            {
                yield return path;
                continue;
            }

            var found = new List<string>();
            try
            {
                found.AddRange(Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 })
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{path}: cannot read the directory: {exception.Message}");
            }

            found.Sort(StringComparer.Ordinal);
            foreach (string file in found)
            {
                yield return file;
            }
        }
    }
}
