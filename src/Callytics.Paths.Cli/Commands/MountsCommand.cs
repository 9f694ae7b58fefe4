using System.CommandLine;
using System.Text.Json;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Mounts;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Cli.Commands;

/// <summary><c>mounts [--mountinfo FILE] [--target PATH]... [--json]</c>: the mount holding each path, like <c>findmnt --target</c>.</summary>
internal static class MountsCommand
{
    internal static Command Create(Invocation invocation)
    {
        var mountinfo = new Option<string?>("--mountinfo") { Description = "Read this saved mountinfo table instead of /proc/self/mountinfo (nothing on this machine is resolved)." };
        var targets = new Option<string[]>("--target") { Description = "A path to look up (repeatable). Default: every configured path." };
        var json = new Option<bool>("--json") { Description = "Print { \"targets\": [ { target, mountPoint, fsType, source, readOnly } ] }." };
        var command = new Command("mounts", "Show the mount that holds each path.") { mountinfo, targets, json };
        command.SetAction(result => Run(invocation, result.GetValue(mountinfo), result.GetValue(targets) ?? [], result.GetValue(json)));
        return command;
    }

    private static int Run(Invocation invocation, string? mountinfo, string[] targets, bool json)
    {
        Terminal terminal = invocation.Terminal;
        MountTable table;
        string file = mountinfo ?? MountTable.CurrentPath;
        try
        {
            table = mountinfo is null ? MountTable.ReadCurrent() : MountTable.Load(file = invocation.FullPath(mountinfo));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            throw new UsageException($"cannot read the mount table {DisplayText.Of(file)}: {exception.Message}");
        }

        IEnumerable<string> wanted = targets.Length > 0 ? targets : ConfiguredTargets(invocation);
        var rows = new List<MountTarget>();
        foreach (string target in wanted)
        {
            if (ValueRules.Check("--target", target) is not null)
            {
                rows.Add(new MountTarget(DisplayText.Of(target), null, null, null, null));
                continue;
            }

            string absolute = invocation.FullPath(target);
            MountEntry? holder = table.FindMount(absolute);
            rows.Add(new MountTarget(absolute, holder?.MountPoint, holder?.FileSystemType, holder?.Source, holder?.IsReadOnly));
        }

        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new MountsOutput(rows), CliJsonContext.Readable.MountsOutput));
            return 0;
        }

        var output = new Table("TARGET", "MOUNT POINT", "FSTYPE", "SOURCE", "RO");
        foreach (MountTarget row in rows)
        {
            output.Add(row.Target, row.MountPoint ?? "-", row.FsType ?? "-", row.Source is null ? "-" : row.Source.Length == 0 ? "\"\"" : row.Source,
                row.ReadOnly switch { true => "ro", false => "rw", null => "-" });
        }

        output.Write(terminal.Out);
        return 0;
    }

    private static IEnumerable<string> ConfiguredTargets(Invocation invocation)
    {
        CallyticsPaths paths = Layout.From(invocation);
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (paths.Uses(layout.Role))
            {
                yield return layout.Get(paths);
            }
        }

        if (paths.Uses(PathRole.Database) && DatabaseUrl.TryParse(paths.DatabaseUrl, invocation.WorkingDirectory, out DatabaseUrl? database, out _) && database.FilePath is { } file)
        {
            yield return file;
        }
    }
}
