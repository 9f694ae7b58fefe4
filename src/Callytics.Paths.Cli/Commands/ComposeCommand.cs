using System.CommandLine;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Database;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Linting.Output;

namespace Callytics.Paths.Cli.Commands;

/// <summary><c>compose lint</c> and <c>compose fix</c>: the paths each service is told to use must lie inside its own volumes.</summary>
internal static class ComposeCommand
{
    internal static Command Create(Invocation invocation)
    {
        return new Command("compose", "Lint or fix compose files: every Callytics path a service uses must lie inside a volume of that service.")
        {
            Lint(invocation),
            Fix(invocation),
        };
    }

    private static Command Lint(Invocation invocation)
    {
        var files = new Argument<string[]>("FILE") { Description = "Compose files, merged in order as compose merges them.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "text (FILE:LINE:COL: SEVERITY CODE: message [service]), json or sarif (SARIF 2.1.0).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var services = new Option<string[]>("--service") { Description = "Only these services (repeatable)." };
        var command = new Command("lint", "Check the compose files. Exit 0 with no error, 1 with errors, 2 when a file cannot be read.") { files, format, services };
        command.SetAction(result => RunLint(invocation, result.GetValue(files)!, result.GetValue(format)!, result.GetValue(services) ?? []));
        return command;
    }

    private static Command Fix(Invocation invocation)
    {
        var file = new Argument<string>("FILE") { Description = "The compose file to fix." };
        var write = new Option<bool>("--write") { Description = "Replace the file (atomically, keeping its mode)." };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a fix would change something." };
        var diff = new Option<bool>("--diff") { Description = "Print a unified diff instead of the fixed file." };
        var services = new Option<string[]>("--service") { Description = "Only these services (repeatable)." };
        var command = new Command("fix", "Bring each service that declares a Callytics variable to the standard layout. Prints the fixed file unless --write, --check or --diff.")
        {
            file, write, check, diff, services,
        };
        command.SetAction(result =>
        {
            int modes = (result.GetValue(write) ? 1 : 0) + (result.GetValue(check) ? 1 : 0) + (result.GetValue(diff) ? 1 : 0);
            return modes > 1
                ? throw new UsageException("--write, --check and --diff exclude one another. Run 'callytics-paths compose fix --help' for usage.")
                : RunFix(invocation, result.GetValue(file)!, result.GetValue(write), result.GetValue(check), result.GetValue(diff), result.GetValue(services) ?? []);
        });
        return command;
    }

    private static int RunLint(Invocation invocation, string[] files, string format, string[] services)
    {
        Terminal terminal = invocation.Terminal;
        ComposeProject project = Load(() => ComposeLoader.Load([.. files.Select(f => ComposeDocument.Load(invocation.FullPath(f), f))], invocation.Variable, invocation.WorkingDirectory));
        List<Finding> findings = [.. ComposeRules.Lint(project).Where(f => services.Length == 0 || services.Contains(f.Subject))];
        switch (format)
        {
            case "json":
                terminal.Out.WriteLine(FindingWriter.ComposeJson(findings));
                break;
            case "sarif":
                terminal.Out.WriteLine(FindingWriter.Sarif(findings, ComposeRuleSet.All, ToolVersion.Informational));
                break;
            default:
                FindingWriter.WriteText(terminal.Out, findings, files.Length);
                break;
        }

        return findings.Exists(f => f.Severity == "error") ? 1 : 0;
    }

    private static int RunFix(Invocation invocation, string file, bool write, bool check, bool diff, string[] services)
    {
        Terminal terminal = invocation.Terminal;
        ComposeDocument document = Load(() => ComposeDocument.Load(invocation.FullPath(file), file));
        ComposeFixer.Result result = Load(() => ComposeFixer.Fix(document, invocation.Variable, services, invocation.WorkingDirectory));
        bool changed = result.Text != document.Text;
        try
        {
            return Report(terminal, file, document, result, changed, write, check, diff);
        }
        finally
        {
            terminal.Out.Flush();
            foreach (string skipped in result.Skipped)
            {
                terminal.Error.WriteLine($"callytics-paths: not fixed: {DatabaseUrl.Mask(skipped)}");
            }

            if (!write)
            {
                foreach ((string from, string to) in result.Moves.Where(m => File.Exists(m.From)))
                {
                    terminal.Error.WriteLine($"callytics-paths: to move the database with it: mkdir -p '{Path.GetDirectoryName(to)}' && mv -n '{from}' '{to}'");
                }
            }
        }
    }

    private static int Report(Terminal terminal, string file, ComposeDocument document, ComposeFixer.Result result, bool changed, bool write, bool check, bool diff)
    {
        if (check)
        {
            foreach (string change in result.Changes)
            {
                terminal.Out.WriteLine($"would change {DatabaseUrl.Mask(change)}");
            }

            return changed ? 1 : 0;
        }

        if (diff)
        {
            terminal.Out.Write(changed ? MaskSecrets(UnifiedDiff.Create(document.Text, result.Text, file)) : string.Empty);
            return 0;
        }

        if (!write)
        {
            terminal.Out.Write(result.Text);
            return 0;
        }

        if (changed)
        {
            WriteAtomically(document.Path, result.Text);
        }

        foreach ((string from, string to) in result.Moves)
        {
            // A rename, and only onto nothing: a database already in the data folder is never overwritten.
            if (!File.Exists(from))
            {
                continue;
            }

            if (File.Exists(to) || Directory.Exists(to))
            {
                terminal.Error.WriteLine($"callytics-paths: not moved: {from} → {to}: the target exists; merge them by hand");
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Move(from, to, overwrite: false);
            terminal.Out.WriteLine($"moved {from} → {to}");
        }

        foreach (string change in result.Changes)
        {
            terminal.Out.WriteLine($"changed {DatabaseUrl.Mask(change)}");
        }

        terminal.Out.WriteLine(changed ? $"{file}: fixed." : $"{file}: nothing to fix.");
        return 0;
    }

    /// <summary>Writes beside the file, keeps its mode, then renames over it: readers see the old file or the new one, never half.</summary>
    private static void WriteAtomically(string path, string text)
    {
        string target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        string temporary = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.callytics-fix-{Guid.NewGuid():N}");
        UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(target);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: HasBom(target))))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } unixMode && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, unixMode);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool HasBom(string path)
    {
        byte[] start = new byte[3];
        using FileStream stream = File.OpenRead(path);
        return stream.Read(start) == 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF;
    }

    private static T Load<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (ComposeReadException exception)
        {
            throw new UsageException(exception.Message);
        }
    }

    /// <summary>
    /// Masks every secret in a diff (URL passwords, secret keys of connection strings): a diff is read (and kept in CI
    /// logs), so unlike the fixed file that <c>fix</c> prints for redirection it must not carry the secret.
    /// </summary>
    private static string MaskSecrets(string diff)
    {
        string[] lines = diff.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = DatabaseUrl.Mask(lines[i]);
        }

        return string.Join('\n', lines);
    }
}
