using Callytics.Paths.Configuration;
using Callytics.Paths.Metrics;
using Callytics.Paths.Reporting;
using Callytics.Paths.Status;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Callytics.Paths.Health;

/// <summary>
/// Re-checks after start what can go wrong later: each path still exists, is still writable (a real probe), is still
/// on the same mount, and has free space. Unhealthy on any error, Degraded on warnings. Never throws: a failure
/// becomes the registration's failure status. It reads the layout's one periodic reading (<see cref="LayoutMonitor"/>),
/// no older than <see cref="CallyticsPathsHealthCheckOptions.CacheDuration"/>, which the metrics and the status report
/// share; only the free-space thresholds are its own.
/// </summary>
/// <remarks>
/// A caller waits for a reading only until its token fires (the registration's timeout), then gets the failure status
/// naming the path being read, since a hung volume (an NFS server gone) blocks a probe forever. Later checks wait on
/// the same reading instead of starting another, so a hung volume holds one thread, however often the check is asked.
/// </remarks>
public sealed class CallyticsPathsHealthCheck : IHealthCheck
{
    private readonly LayoutMonitor _monitor;
    private readonly CallyticsPathsHealthCheckOptions _options;

    /// <summary>A check of the layout <paramref name="monitor"/> reads, judged with <paramref name="options"/>' thresholds.</summary>
    /// <param name="monitor">The layout's one reading.</param>
    /// <param name="options">The free-space thresholds and the rest of the check's options.</param>
    public CallyticsPathsHealthCheck(LayoutMonitor monitor, CallyticsPathsHealthCheckOptions options)
    {
        _monitor = monitor;
        _options = options;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HealthStatus failureStatus = context.Registration.FailureStatus;
        try
        {
            LayoutSnapshot snapshot = await _monitor.GetAsync(_options.CacheDuration, cancellationToken).ConfigureAwait(false);
            return WithFailureStatus(Judge(snapshot), failureStatus);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failureStatus, HungMessage(_monitor.Checking, context.Registration.Timeout));
        }
    }

    /// <summary>What a check still running at its timeout reports, naming the path it was checking.</summary>
    public static string HungMessage(string variable, TimeSpan timeout) => FindingMessages.CheckHung(variable, timeout);

    /// <summary>One check on the caller's own thread, for the tool's <c>health</c> command (see <see cref="LayoutMonitor.TakeNow"/>).</summary>
    public HealthCheckResult CheckNow() => Judge(_monitor.TakeNow());

    /// <summary>A failing result carries the registration's failure status (a reading is shared by every registration).</summary>
    private static HealthCheckResult WithFailureStatus(HealthCheckResult result, HealthStatus failureStatus) =>
        result.Status == HealthStatus.Unhealthy && failureStatus != HealthStatus.Unhealthy
            ? new HealthCheckResult(failureStatus, result.Description, result.Exception, result.Data)
            : result;

    /// <summary>The health of one reading: its findings plus free space below this check's thresholds.</summary>
    private HealthCheckResult Judge(LayoutSnapshot snapshot)
    {
        if (snapshot.Validation is not { } validation || snapshot.Report is not { } report)
        {
            return new HealthCheckResult(HealthStatus.Unhealthy, snapshot.Failure, snapshot.Exception);
        }

        var findings = new List<PathFinding>(validation.Findings);
        foreach (FilesystemReading reading in snapshot.Readings)
        {
            AddFreeSpace(reading, findings);
        }

        if (findings.Count > validation.Findings.Count)
        {
            findings = [.. PathFinding.BySeverity(findings)];
            report = report.WithFindings(findings);
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach ((string key, PathReport path) in report.Paths)
        {
            data[key] = path;
        }

        string layer = string.Empty;
        if (snapshot.Layer is { } written && LayerReport.From(written) is { } atRisk)
        {
            // Data at risk in the container layer is a warning: Degraded, so Docker's HEALTHCHECK still passes.
            LayerDirectoryReport largest = atRisk.Directories[0];
            data["layer"] = atRisk;
            findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.DataInContainerLayer, largest.Variable ?? "container layer", largest.Directory,
                FindingMessages.DataInContainerLayer(atRisk, largest)));
            layer = $"; container layer: {largest.Directory} ({largest.Files} file{(largest.Files == 1 ? string.Empty : "s")}, {largest.Bytes} bytes{(largest.Variable is null ? string.Empty : ", " + largest.Variable)})";
        }

        string[] failing = [.. findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Variable).Distinct()];
        string[] warning = [.. findings.Where(f => f.Severity == FindingSeverity.Warning).Select(f => f.Variable).Distinct()];
        if (failing.Length > 0)
        {
            return HealthCheckResult.Unhealthy($"Failing: {string.Join(", ", failing)}{layer}", data: data);
        }

        return warning.Length > 0
            ? HealthCheckResult.Degraded($"Warnings: {string.Join(", ", warning)}{layer}", data: data)
            : HealthCheckResult.Healthy("Every Callytics path is usable.", data);
    }

    private void AddFreeSpace(FilesystemReading reading, List<PathFinding> findings)
    {
        PathRole role = reading.PathRole;
        if (!RoleLayout.WritesTo(role) || reading.Limit == 0)
        {
            return;
        }

        FreeSpaceThresholds thresholds = _options.FreeSpaceByRole.TryGetValue(role, out FreeSpaceThresholds? specific) ? specific : _options.FreeSpace;
        long free = reading.Free;
        long total = reading.Limit;
        bool unhealthy = thresholds.IsUnhealthy(free, total);
        if (!unhealthy && !thresholds.IsDegraded(free, total))
        {
            return;
        }

        string variable = RoleLayout.VariableOf(role);
        string directory = reading.Directory;
        findings.Add(new PathFinding(unhealthy ? FindingSeverity.Error : FindingSeverity.Warning,
            unhealthy ? FindingCodes.FreeSpaceCritical : FindingCodes.FreeSpaceLow, variable, directory,
            FindingMessages.FreeSpace(variable, directory, Bytes(free), Bytes(total), 100.0 * free / total, unhealthy)));
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
