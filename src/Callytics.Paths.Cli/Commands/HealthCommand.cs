using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Health;
using Callytics.Paths.Reporting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Cli.Commands;

/// <summary>
/// <c>health [--json] [--timeout SECONDS]</c>: the library's health check, once, for a container's HEALTHCHECK or a
/// Kubernetes exec probe. Exit 0 when Healthy or Degraded, 1 when Unhealthy. It creates nothing and prints no secret.
/// </summary>
internal static class HealthCommand
{
    internal static Command Create(Invocation invocation)
    {
        var json = new Option<bool>("--json") { Description = "Print { status, description, paths: { role: report } }." };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for the disk before reporting Unhealthy (a hung volume). Default 10.",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("health", "Run the health check's rules for the roles the service uses: still there, still writable (a real probe), on a volume, enough free space. Exit 0 when Healthy or Degraded, 1 when Unhealthy.")
        {
            json, timeout,
        };
        command.SetAction(result => Run(invocation, result.GetValue(json), result.GetValue(timeout)));
        return command;
    }

    private static int Run(Invocation invocation, bool json, double seconds)
    {
        Terminal terminal = invocation.Terminal;
        if (!(seconds > 0))
        {
            throw new UsageException($"--timeout {seconds.ToString(CultureInfo.InvariantCulture)} is not a number of seconds above 0.");
        }

        var check = new CallyticsPathsHealthCheck(Options.Create(Layout.From(invocation)), new CallyticsPathsHealthCheckOptions(), new LayoutBaseline(), TimeProvider.System);

        // The check runs on this thread; a watchdog answers for it when a hung volume (a dead NFS server) holds it
        // past the timeout. Exiting ends the process whatever the blocked thread is doing.
        var watchdog = new Thread(() =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            string description = CallyticsPathsHealthCheck.HungMessage(check.Checking, TimeSpan.FromSeconds(seconds));
            terminal.Out.WriteLine(json
                ? JsonSerializer.Serialize(new HealthOutput(nameof(HealthStatus.Unhealthy), description, new Dictionary<string, PathReport>()), CliJsonContext.Readable.HealthOutput)
                : $"{HealthStatus.Unhealthy}: {description}");
            terminal.Out.Flush();
            Environment.Exit(1);
        }) { IsBackground = true, Name = "health timeout" };
        watchdog.Start();
        HealthCheckResult result = check.CheckNow();
        Dictionary<string, PathReport> paths = result.Data.Where(d => d.Value is PathReport).ToDictionary(d => d.Key, d => (PathReport)d.Value, StringComparer.Ordinal);
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new HealthOutput(result.Status.ToString(), result.Description ?? string.Empty, paths), CliJsonContext.Readable.HealthOutput));
        }
        else
        {
            terminal.Out.WriteLine($"{result.Status}: {result.Description}");
            foreach (ProblemReport problem in paths.Values.Where(p => p.Used).SelectMany(p => p.Problems).Where(p => p.Severity != "information"))
            {
                terminal.Out.WriteLine($"  {problem.Severity} {problem.Code} {problem.Message}");
            }
        }

        return result.Status == HealthStatus.Unhealthy ? 1 : 0;
    }
}
