using Callytics.Paths.Validation;
using Callytics.Paths.Cli.Exec;
using Callytics.Paths.Interop;
using Microsoft.Win32.SafeHandles;
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
        Option<string> daemon = DaemonConfigOption();
        var each = new Option<bool>("--each")
        {
            Description = "Lint each FILE as a project of its own instead of merging them (for hooks that pass every changed file, such as pre-commit's).",
        };
        var command = new Command("lint", "Check the compose files. Exit 0 with no error, 1 with errors, 2 when a file cannot be read.") { files, format, services, daemon, each };
        command.SetAction(result => RunLint(invocation, result.GetValue(files)!, result.GetValue(format)!, result.GetValue(services) ?? [], result.GetValue(daemon), result.GetValue(each)));
        return command;
    }

    private static Command Fix(Invocation invocation)
    {
        var file = new Argument<string>("FILE") { Description = "The compose file to fix." };
        var write = new Option<bool>("--write") { Description = "Replace the file (atomically, keeping its mode)." };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a fix would change something." };
        var diff = new Option<bool>("--diff") { Description = "Print a unified diff instead of the fixed file." };
        var services = new Option<string[]>("--service") { Description = "Only these services (repeatable)." };
        Option<string> daemon = DaemonConfigOption();
        var command = new Command("fix", "Bring each service that declares a Callytics variable to the standard layout, and cap every service's json-file logs. Prints the fixed file unless --write, --check or --diff.")
        {
            file, write, check, diff, services, daemon,
        };
        command.SetAction(result =>
        {
            int modes = (result.GetValue(write) ? 1 : 0) + (result.GetValue(check) ? 1 : 0) + (result.GetValue(diff) ? 1 : 0);
            return modes > 1
                ? throw new UsageException("--write, --check and --diff exclude one another. Run 'callytics-paths compose fix --help' for usage.")
                : RunFix(invocation, result.GetValue(file)!, result.GetValue(write), result.GetValue(check), result.GetValue(diff), result.GetValue(services) ?? [], result.GetValue(daemon));
        });
        return command;
    }

    private static Option<string> DaemonConfigOption() => new("--daemon-config")
    {
        Description = "The Docker daemon's daemon.json (for example /etc/docker/daemon.json): its log-driver and log-opts are the services' defaults. Default: none (not known).",
        HelpName = "FILE",
    };

    private static DockerDaemonConfig? DaemonConfig(Invocation invocation, string? file) =>
        file is null ? null : Load(() => DockerDaemonConfig.Load(invocation.FullPath(file), file));

    private static int RunLint(Invocation invocation, string[] files, string format, string[] services, string? daemonFile, bool each)
    {
        Terminal terminal = invocation.Terminal;
        DockerDaemonConfig? daemon = DaemonConfig(invocation, daemonFile);
        var findings = new List<Finding>();
        foreach (string[] merged in each ? files.Select(f => new[] { f }) : [files])
        {
            ComposeProject project = Load(() => ComposeLoader.Load([.. merged.Select(f => ComposeDocument.Load(invocation.FullPath(f), f))], invocation.Variable, invocation.WorkingDirectory));
            findings.AddRange(ComposeRules.Lint(project, daemon).Where(f => services.Length == 0 || services.Contains(f.Subject))
                .Select(f => f with { Message = project.HideEnvironment(f.Message), Fix = project.HideEnvironment(f.Fix) }));
        }

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

        return findings.Exists(f => f.Severity == FindingSeverity.Error) ? 1 : 0;
    }

    private static int RunFix(Invocation invocation, string file, bool write, bool check, bool diff, string[] services, string? daemonFile)
    {
        DockerDaemonConfig? daemon = DaemonConfig(invocation, daemonFile);
        // Two --write runs on one project take turns: each reads the file only once it holds the lock, so neither
        // rewrites what the other has not seen (two runs at once lost one update in 15 of 15 tries before).
        using FixLock? held = write ? FixLock.Take(Path.GetDirectoryName(invocation.FullPath(file)) ?? "/") : null;
        Terminal terminal = invocation.Terminal;
        ComposeDocument document = Load(() => ComposeDocument.Load(invocation.FullPath(file), file));
        ComposeFixer.Result result = Load(() => ComposeFixer.Fix(document, invocation.Variable, services, invocation.WorkingDirectory, daemon));
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
                terminal.Error.WriteLine($"callytics-paths: not fixed: {Finding.Escape(DatabaseUrl.Mask(skipped))}");
            }

            if (!write)
            {
                foreach ((string from, string to) in result.Moves.Where(m => File.Exists(m.From)))
                {
                    terminal.Error.WriteLine($"callytics-paths: to move the database with it: {MoveCommand(from, to)}");
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
                terminal.Out.WriteLine($"would change {Finding.Escape(DatabaseUrl.Mask(change))}");
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
            WriteAtomically(document.Path, document.Text, result.Text);
        }

        string? notADatabase = result.Moves.Count > 0 ? DatabaseFiles.Movable(result.Moves[0].From, document.Directory) : null;
        foreach ((string from, string to) in result.Moves)
        {
            // A rename, and only onto nothing: a database already in the data folder is never overwritten. Only a
            // SQLite database (and its companions) inside the project folder is moved; anything else is left where it
            // is and the command printed, for a person to judge.
            if (!File.Exists(from))
            {
                continue;
            }

            if ((notADatabase ?? (from == result.Moves[0].From ? null : DatabaseFiles.Movable(from, document.Directory, companion: true))) is { } why)
            {
                terminal.Error.WriteLine($"callytics-paths: not moved: {from}: {why}; to move it: {MoveCommand(from, to)}");
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
            terminal.Out.WriteLine($"changed {Finding.Escape(DatabaseUrl.Mask(change))}");
        }

        terminal.Out.WriteLine(changed ? $"{file}: fixed." : $"{file}: nothing to fix.");
        return 0;
    }

    /// <summary>The shell command that moves <paramref name="from"/> to <paramref name="to"/>, each quoted so that nothing in a name runs.</summary>
    internal static string MoveCommand(string from, string to) =>
        $"mkdir -p {ShellQuote(Path.GetDirectoryName(to) ?? ".")} && mv -n {ShellQuote(from)} {ShellQuote(to)}";

    /// <summary><paramref name="text"/> as one POSIX shell word: in single quotes, each quote written as <c>'\''</c>.</summary>
    internal static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Writes beside the file, then renames over it: readers see the old file or the new one, never half. The new file
    /// is created owner-only and gets the old one's owner, group and mode before the rename, so it is never more open
    /// than the old one, and a file of uid 1000 rewritten by root stays uid 1000's. A file that changed since it was
    /// read is left alone, and so is one with more than one hard link (the rename would part them: the other names
    /// would keep the old text).
    /// </summary>
    private static void WriteAtomically(string path, string before, string text)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("compose fix --write keeps owner and mode through Linux calls; print the fixed file instead.");
        }

        string target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        if (Libc.Statx(Libc.AtFdCwd, target, 0, Libc.StatxBasicStats, out StatxBuffer old) != 0)
        {
            throw new IOException($"{target}: {Libc.Describe(Libc.LastErrno).ToLowerInvariant()}");
        }

        if (old.LinkCount > 1)
        {
            throw new IOException($"{target} has {old.LinkCount} hard links: replacing it would leave the other names with the old text. Nothing was written; fix a copy, or print the fixed file (without --write) and copy it over.");
        }

        string temporary = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.callytics-fix-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            using (var stream = new FileStream(temporary, options))
            {
                SafeFileHandle handle = stream.SafeFileHandle;
                byte[] bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                byte[] bom = HasBom(target) ? [0xEF, 0xBB, 0xBF] : [];
                RandomAccess.Write(handle, bom, 0);
                RandomAccess.Write(handle, bytes, bom.Length);
                RandomAccess.FlushToDisk(handle);
                int fd = (int)handle.DangerousGetHandle();
                if (Posix.FChown(fd, old.Uid, old.Gid) != 0 || Libc.FChmod(fd, old.Mode & 0xFFFu) != 0)
                {
                    throw new IOException($"{target} belongs to {old.Uid}:{old.Gid} with mode {Convert.ToString(old.Mode & 0xFFF, 8)}, which this user cannot give the new file ({Libc.Describe(Libc.LastErrno).ToLowerInvariant()}). Nothing was written; run as its owner or as root.");
                }
            }

            if (File.ReadAllText(target) != before) // a BOM is left out of both, as the linter read it
            {
                throw new IOException($"{target} changed while it was being fixed. Nothing was written; run the fix again.");
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
