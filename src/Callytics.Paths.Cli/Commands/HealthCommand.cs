using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Health;
using Callytics.Paths.Reporting;
using Callytics.Paths.Status;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Cli.Commands;

/// <summary>
/// <c>health [--json] [--timeout SECONDS]</c>: the library's health check, once, for a container's HEALTHCHECK or a
/// Kubernetes exec probe. Exit 0 when Healthy or Degraded, 1 when Unhealthy. It creates nothing and prints no secret.
/// The check runs in a child that a hung volume may hold; this process answers once, on time (<see cref="Bounded"/>).
/// </summary>
internal static class HealthCommand
{
    internal static Command Create(Invocation invocation)
    {
        var json = new Option<bool>("--json") { Description = "Print { status, description, paths: { role: report } }." };
        var timeout = new Option<string?>("--timeout")
        {
            Description = "Seconds to wait for the disk before reporting Unhealthy (a hung volume): above 0, at most 3600. Default 10.",
        };
        var command = new Command("health", "Run the health check's rules for the roles the service uses: still there, still writable (a real probe), on a volume, enough free space. Exit 0 when Healthy or Degraded, 1 when Unhealthy.")
        {
            json, timeout,
        };
        command.SetAction(result => Run(invocation, result.GetValue(json), result.GetValue(timeout)));
        return command;
    }

    private static int Run(Invocation invocation, bool json, string? seconds)
    {
        TimeSpan limit = Bounded.Seconds(seconds, "--timeout", 10);
        if (!Bounded.IsWorker(invocation))
        {
            // The disk work runs in a child that a hung volume may hold forever; this process answers on time. While
            // an earlier probe's child is still stuck, no second one is started.
            if (Bounded.StuckChild("health", invocation.Variables) is { } stuck)
            {
                Write(invocation.Terminal, json, HealthStatus.Unhealthy, string.Create(CultureInfo.InvariantCulture,
                    $"An earlier health check (process {stuck.Pid}) has waited {stuck.Seconds:0} s for the disk: a volume is hung. No new check starts until it returns."), []);
                return 1;
            }

            string[] args = ["health", "--timeout", limit.TotalSeconds.ToString(CultureInfo.InvariantCulture), .. json ? new[] { "--json" } : []];
            int? bounded = Bounded.Run(invocation, args, limit, checking =>
            {
                Write(invocation.Terminal, json, HealthStatus.Unhealthy, CallyticsPathsHealthCheck.HungMessage(checking, limit), []);
                return 1;
            });
            if (bounded is int exitCode)
            {
                return exitCode;
            }
        }

        var monitor = new LayoutMonitor(Options.Create(Layout.From(invocation)))
        {
            Progress = variable => Bounded.Progress(invocation, variable),
        };
        HealthCheckResult result = new CallyticsPathsHealthCheck(monitor, new CallyticsPathsHealthCheckOptions()).CheckNow();
        Dictionary<string, PathReport> paths = result.Data.Where(d => d.Value is PathReport).ToDictionary(d => d.Key, d => (PathReport)d.Value, StringComparer.Ordinal);
        Write(invocation.Terminal, json, result.Status, result.Description ?? string.Empty, paths, result.Data.GetValueOrDefault("layer") as LayerReport);
        return result.Status == HealthStatus.Unhealthy ? 1 : 0;
    }

    private static void Write(Terminal terminal, bool json, HealthStatus status, string description, Dictionary<string, PathReport> paths, LayerReport? layer = null)
    {
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new HealthOutput(status.ToString(), description, paths, layer), CliJsonContext.Readable.HealthOutput));
        }
        else
        {
            terminal.Out.WriteLine($"{status}: {description}");
            foreach (ProblemReport problem in paths.Values.Where(p => p.Used).SelectMany(p => p.Problems).Where(p => p.Severity != "information"))
            {
                terminal.Out.WriteLine($"  {problem.Severity} {problem.Code} {problem.Message}");
            }

            foreach (LayerDirectoryReport directory in layer?.Directories ?? [])
            {
                terminal.Out.WriteLine($"  warning {Validation.FindingCodes.DataInContainerLayer} {directory.Directory}: {directory.Files} file{(directory.Files == 1 ? string.Empty : "s")}, {directory.Bytes} bytes in the container layer. Fix: {directory.Fix}");
            }
        }

        terminal.Out.Flush();
    }
}
