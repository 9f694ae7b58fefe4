using System.CommandLine;
using System.Text.Json;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Callytics.Paths.Usage;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Cli.Commands;

/// <summary><c>usage [--json]</c>: disk usage of every path, like <c>du -sh</c> over the whole layout.</summary>
internal static class UsageCommand
{
    internal static Command Create(Invocation invocation)
    {
        var json = new Option<bool>("--json") { Description = "Print { \"paths\": { role: { path, bytes, files, directories, skipped, freeBytes, totalBytes, error } } }." };
        var command = new Command("usage", "Show bytes, files and directories under every path the service uses (CALLYTICS_ROLES), and the free and total space of its filesystem.") { json };
        command.SetAction(result => Run(invocation, result.GetValue(json)));
        return command;
    }

    private static int Run(Invocation invocation, bool json)
    {
        Terminal terminal = invocation.Terminal;
        CallyticsPaths paths = Layout.From(invocation);
        var entries = new Dictionary<string, UsageEntry>(StringComparer.Ordinal);
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (paths.Uses(layout.Role))
            {
                entries[RoleLayout.KeyOf(layout.Role)] = Directory(layout.Variable, layout.Get(paths));
            }
        }

        if (paths.Uses(PathRole.Database))
        {
            entries["database"] = Database(paths.DatabaseUrl, invocation.WorkingDirectory);
        }
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new UsageOutput(entries), CliJsonContext.Readable.UsageOutput));
        }
        else
        {
            var table = new Table("ROLE", "PATH", "SIZE", "FILES", "DIRS", "FREE", "TOTAL");
            foreach ((string role, UsageEntry entry) in entries)
            {
                table.Add(role, entry.Path, entry.Error is null ? Sizes.Human(entry.Bytes) : terminal.Bad("✗ " + entry.Error),
                    Count(entry.Files), Count(entry.Directories), Sizes.Human(entry.FreeBytes), Sizes.Human(entry.TotalBytes));
            }

            table.Write(terminal.Out);
        }

        return entries.Values.Any(e => e.Error is not null) ? 1 : 0;
    }

    private static UsageEntry Directory(string variable, string path)
    {
        if (ValueRules.Check(variable, path) is { } invalid)
        {
            return new UsageEntry(invalid.Path, null, null, null, null, null, null, invalid.Message);
        }

        FileSystemSpace? space = FileSystemSpace.Of(path);
        FileStatus status = FileStatus.Of(path);
        if (!status.IsDirectory)
        {
            // Say what is there, as check does: nothing, a file where the directory belongs, a link to nowhere.
            string what = status.Exists ? $"not a directory: {status.Kind}"
                : status.Errno != Errno.ENOENT ? AccessAdvice.Cause(status.Errno)
                : AccessAdvice.DanglingLinkOnTheWay(path) switch
                {
                    (string link, string target) when link == path => $"a dangling symbolic link to {target}",
                    (string link, string target) => $"missing: {link} is a dangling symbolic link to {target}",
                    null => "missing",
                };
            return new UsageEntry(path, null, null, null, null, (long?)space?.FreeBytes, (long?)space?.TotalBytes, what);
        }

        DiskUsage usage = DiskUsage.Measure(path);
        return new UsageEntry(path, usage.Bytes, usage.Files, usage.Directories, usage.Skipped, (long?)space?.FreeBytes, (long?)space?.TotalBytes, null);
    }

    private static UsageEntry Database(string url, string workingDirectory)
    {
        if (!DatabaseUrl.TryParse(url, workingDirectory, out DatabaseUrl? database, out string? error))
        {
            return new UsageEntry(DisplayText.Of(DatabaseUrl.Mask(url)), null, null, null, null, null, null, error);
        }

        if (database.FilePath is not { } file)
        {
            return new UsageEntry(database.ToString(), null, null, null, null, null, null, database.IsInMemory ? "in memory: no file" : "server database: no file");
        }

        FileSystemSpace? space = FileSystemSpace.Of(file);
        FileStatus status = FileStatus.Of(file);
        return status.IsRegularFile || status.Errno == Errno.ENOENT
            ? new UsageEntry(file, (long)status.Size, status.Exists ? 1 : 0, 0, 0, (long?)space?.FreeBytes, (long?)space?.TotalBytes, null) // not created yet: empty
            : new UsageEntry(file, null, null, null, null, (long?)space?.FreeBytes, (long?)space?.TotalBytes, status.Exists ? status.Kind : AccessAdvice.Cause(status.Errno));
    }

    private static string Count(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
