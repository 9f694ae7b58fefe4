using System.CommandLine;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Reporting;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Cli.Commands;

/// <summary><c>check [--json] [--create]</c>: the start-up rules and the status report.</summary>
internal static class CheckCommand
{
    internal static Command Create(Invocation invocation)
    {
        var json = new Option<bool>("--json") { Description = "Print the status report as JSON." };
        var create = new Option<bool>("--create") { Description = "Create missing directories and prove writability with a probe file, as start-up does. Without it nothing on disk changes: write access is asked of the kernel." };
        var command = new Command("check", "Check every path against the start-up rules and print the status report. Exit 0 with no error, 1 with errors.")
        {
            json, create,
        };
        command.SetAction(result => Run(invocation, result.GetValue(json), result.GetValue(create)));
        return command;
    }

    private static int Run(Invocation invocation, bool json, bool create)
    {
        Terminal terminal = invocation.Terminal;
        CallyticsPaths paths = Layout.From(invocation);
        LayoutReport report = LayoutReport.Create(paths, Layout.Settings(invocation, create));
        if (json)
        {
            terminal.Out.WriteLine(report.ToJson());
        }
        else
        {
            Print(terminal, report);
        }

        return report.Ok ? 0 : 1;
    }

    private static void Print(Terminal terminal, LayoutReport report)
    {
        terminal.Out.WriteLine(terminal.Dim($"{(report.InContainer ? "In a container" : "Not in a container")}: {report.ContainerSignal}. Mount check: {report.MountCheck}."));
        var table = new Table("", "ROLE", "VARIABLE", "PATH", "STATE", "MOUNT", "FREE");
        foreach ((string role, PathReport path) in report.Paths)
        {
            if (!path.Used)
            {
                table.Add(terminal.Dim("–"), role, path.Variable, terminal.Dim("not used"), "-", "-", "-");
                continue;
            }

            string marker = Marker(terminal, path.Problems);
            table.Add(marker, role, path.Variable, path.Path, State(path), Mount(path), Sizes.Human(path.FreeBytes));
        }

        table.Write(terminal.Out);
        foreach (ProblemReport created in report.Paths.Values.SelectMany(p => p.Problems).Where(p => p.Code == FindingCodes.DirectoryCreated))
        {
            terminal.Out.WriteLine($"{terminal.Good("+")} {created.Code} {created.Message}");
        }

        var problems = report.Paths.Values.SelectMany(p => p.Problems).Concat(report.Problems)
            .Where(p => p.Severity != "information").ToList();
        if (problems.Count > 0)
        {
            terminal.Out.WriteLine();
        }

        foreach (ProblemReport problem in problems.OrderBy(p => p.Severity == "error" ? 0 : 1))
        {
            string marker = problem.Severity == "error" ? terminal.Bad("✗") : terminal.Warn("!");
            terminal.Out.WriteLine($"{marker} {problem.Code} {problem.Message}");
            if (problem.Fix.Length > 0)
            {
                terminal.Out.WriteLine($"    fix: {problem.Fix}");
            }
        }

        int errors = problems.Count(p => p.Severity == "error");
        int warnings = problems.Count - errors;
        terminal.Out.WriteLine();
        terminal.Out.WriteLine(errors == 0
            ? terminal.Good($"✓ no errors") + (warnings == 0 ? string.Empty : $", {warnings} warning{(warnings == 1 ? string.Empty : "s")}")
            : terminal.Bad($"✗ {errors} error{(errors == 1 ? string.Empty : "s")}") + $", {warnings} warning{(warnings == 1 ? string.Empty : "s")}");
    }

    private static string Marker(Terminal terminal, IReadOnlyList<ProblemReport> problems) =>
        problems.Any(p => p.Severity == "error") ? terminal.Bad("✗")
        : problems.Any(p => p.Severity == "warning") ? terminal.Warn("!")
        : terminal.Good("✓");

    private static string State(PathReport path) => path.Exists switch
    {
        null => "-",
        false when path.Variable == "DATABASE_URL" => "not created yet" + (path.Writable == true ? ", writable" : string.Empty),
        false => "missing",
        true => $"{path.Type}{(path.Writable == true ? ", writable" : path.Writable == false ? ", not writable" : string.Empty)}",
    };

    private static string Mount(PathReport path) =>
        path.MountPoint is null ? "-"
        : $"{path.MountPoint} {path.FsType}{(path.ReadOnly == true ? " ro" : string.Empty)}{(path.Mounted == false ? " (not a volume)" : string.Empty)}";
}
