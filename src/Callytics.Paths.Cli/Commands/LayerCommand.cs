using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Configuration;
using Callytics.Paths.Layer;
using Callytics.Paths.Mounts;

namespace Callytics.Paths.Cli.Commands;

/// <summary>
/// <c>layer [--json]</c>: what this container has written into its own writable layer since it was created (lost when
/// it is recreated), grouped by directory, each with the role it most likely belongs to and the fix.
/// </summary>
internal static class LayerCommand
{
    internal static Command Create(Invocation invocation)
    {
        var json = new Option<bool>("--json") { Description = "Print { inContainer, createdSignal, created, atRisk, files, bytes, groups: [ { directory, files, bytes, newest, role, variable, meant, meantMounted, fix } ], ignoredFiles, ignoredBytes, unreadable }." };
        var command = new Command("layer", $"Show what this container wrote into its own writable layer since it was created, by directory, with the role it was probably meant for and the fix. Exit 1 when something is at risk. {LayerIgnore.Variable} adds patterns to leave out.") { json };
        command.SetAction(result => Run(invocation, result.GetValue(json)));
        return command;
    }

    private static int Run(Invocation invocation, bool json)
    {
        Terminal terminal = invocation.Terminal;
        CallyticsPaths paths = Layout.From(invocation);
        MountTable? mounts = ReadMounts();
        LayerReading reading = WritableLayer.Read(paths, mounts, ContainerStatus.Detect(mounts, invocation.Variable), LayerIgnore.From(invocation.Variable(LayerIgnore.Variable)));
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new LayerOutput(reading.InContainer, reading.ContainerSignal, reading.Signal?.Path, reading.Signal?.Since,
                reading.AtRisk, reading.Files, reading.Bytes,
                [.. reading.Groups.Select(g => new LayerOutputGroup(g.Directory, g.Files, g.Bytes, g.Newest, g.Role is { } role ? RoleLayout.KeyOf(role) : null, g.Variable,
                    g.Meant, g.Meant is null ? null : g.MeantMounted, g.Fix))],
                reading.IgnoredFiles, reading.IgnoredBytes, reading.Unreadable), CliJsonContext.Readable.LayerOutput));
        }
        else
        {
            Print(terminal, reading);
        }

        terminal.Out.Flush();
        return reading.AtRisk ? 1 : 0;
    }

    private static MountTable? ReadMounts()
    {
        try
        {
            return MountTable.ReadCurrent();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null; // as validation treats it: no table, so no mount is known (the walk then asks each entry's mount id)
        }
    }

    private static void Print(Terminal terminal, LayerReading reading)
    {
        if (!reading.InContainer)
        {
            terminal.Out.WriteLine($"Not in a container ({reading.ContainerSignal}): there is no container layer to read.");
            return;
        }

        if (reading.Signal is not { } signal)
        {
            terminal.Out.WriteLine($"In a container ({reading.ContainerSignal}), but nothing tells when it was created ({string.Join(", ", LayerSignal.Candidates.Select(c => c.Path))} are all missing): the layer was not read.");
            return;
        }

        string since = $"since {signal.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC ({signal.Platform}, {signal.Path})";
        string ignored = reading.IgnoredFiles > 0 ? $"; {reading.IgnoredFiles} file{(reading.IgnoredFiles == 1 ? string.Empty : "s")} ({Sizes.Human(reading.IgnoredBytes)}) left out as noise" : string.Empty;
        if (!reading.AtRisk)
        {
            terminal.Out.WriteLine($"{terminal.Good("✓")} Nothing written into the container layer {since}{ignored}.");
            return;
        }

        terminal.Out.WriteLine($"{terminal.Bad("✗")} {reading.Files} file{(reading.Files == 1 ? string.Empty : "s")} ({Sizes.Human(reading.Bytes)}) written into the container layer {since}: lost when the container is recreated{ignored}.");
        foreach (LayerGroup group in reading.Groups)
        {
            string role = group.Variable is null ? string.Empty
                : group.Meant is null ? $"  {group.Variable}"
                : $"  probably {group.Variable}={group.Meant}{(group.MeantMounted ? " (a volume)" : " (not mounted either)")}";
            terminal.Out.WriteLine($"  {group.Directory}  {group.Files} file{(group.Files == 1 ? string.Empty : "s")}, {Sizes.Human(group.Bytes)}, newest {group.Newest.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC{role}");
            terminal.Out.WriteLine($"    fix: {group.Fix}");
        }

        if (reading.Unreadable > 0)
        {
            terminal.Out.WriteLine($"  ({reading.Unreadable} entr{(reading.Unreadable == 1 ? "y" : "ies")} could not be read.)");
        }
    }
}
