using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Callytics.Paths.Reporting;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Health;

/// <summary>
/// Re-checks after start what can go wrong later: each path still exists, is still writable (a real probe), is still
/// on the same mount, and has free space. Unhealthy on any error, Degraded on warnings. Never throws: a failure
/// becomes the registration's failure status. Results are reused for <see cref="CallyticsPathsHealthCheckOptions.CacheDuration"/>.
/// </summary>
/// <remarks>
/// The disk work runs on a thread of its own, one refresh at a time: a caller waits for it only until its token fires
/// (the registration's timeout), then gets the failure status naming the path being checked, since a hung volume (an
/// NFS server gone) blocks a probe forever. Later checks wait on the same refresh instead of starting another, so a
/// hung volume holds one thread, however often the check is asked.
/// </remarks>
internal sealed class CallyticsPathsHealthCheck : IHealthCheck
{
    private static readonly PathRole[] WritingRoles = [PathRole.Temp, PathRole.Logs, PathRole.Data, PathRole.Cache, PathRole.Database];

    private readonly IOptions<CallyticsPaths> _paths;
    private readonly CallyticsPathsHealthCheckOptions _options;
    private readonly LayoutBaseline _baseline;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (HealthCheckResult Result, DateTimeOffset At)? _cached;
    private Task<HealthCheckResult>? _refresh;
    private volatile string _checking = "the layout";

    public CallyticsPathsHealthCheck(IOptions<CallyticsPaths> paths, CallyticsPathsHealthCheckOptions options, LayoutBaseline baseline, TimeProvider time)
    {
        _paths = paths;
        _options = options;
        _baseline = baseline;
        _time = time;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HealthStatus failureStatus = context.Registration.FailureStatus;
        Task<HealthCheckResult> refresh;
        lock (_gate)
        {
            if (_cached is { } cached && _time.GetUtcNow() - cached.At < _options.CacheDuration)
            {
                return WithFailureStatus(cached.Result, failureStatus);
            }

            refresh = _refresh ??= Task.Factory.StartNew(Refresh, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            return WithFailureStatus(await refresh.WaitAsync(cancellationToken).ConfigureAwait(false), failureStatus);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failureStatus, HungMessage(_checking, context.Registration.Timeout));
        }
    }

    /// <summary>What a check still running at its timeout reports, naming the path it was checking.</summary>
    internal static string HungMessage(string variable, TimeSpan timeout) =>
        $"The check of {variable} did not finish{(timeout > TimeSpan.Zero ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" within {timeout.TotalSeconds:0.###} s") : " before the check was cancelled")}: the volume may be hung.";

    /// <summary>Gets or sets what is told each variable whose path is checked next (the tool's bounded child reports it to its parent).</summary>
    internal Action<string>? Progress { get; set; }

    /// <summary>Gets the variable whose path is being checked now (or was last).</summary>
    internal string Checking => _checking;

    /// <summary>
    /// One check on the caller's own thread, for the tool's <c>health</c> command: a process that checks once needs no
    /// refresh thread and no thread pool, which cost it more than the check itself.
    /// </summary>
    internal HealthCheckResult CheckNow() => Refresh();

    /// <summary>One check of the disk, on the refresh thread; its result is cached and the next caller starts a new one.</summary>
    private HealthCheckResult Refresh()
    {
        HealthCheckResult result;
        try
        {
            result = Check();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            result = new HealthCheckResult(HealthStatus.Unhealthy, $"The Callytics layout could not be checked: {DatabaseUrl.Mask(exception.Message)}", exception);
        }

        lock (_gate)
        {
            _cached = (result, _time.GetUtcNow());
            _refresh = null;
        }

        return result;
    }

    /// <summary>A failing result carries the registration's failure status (a refresh is shared by every registration).</summary>
    private static HealthCheckResult WithFailureStatus(HealthCheckResult result, HealthStatus failureStatus) =>
        result.Status == HealthStatus.Unhealthy && failureStatus != HealthStatus.Unhealthy
            ? new HealthCheckResult(failureStatus, result.Description, result.Exception, result.Data)
            : result;

    private HealthCheckResult Check()
    {
        CallyticsPaths paths = _paths.Value;
        PathValidationResult validation = CallyticsPathsValidator.Validate(paths,
            new PathValidationSettings
            {
                CreateMissingDirectories = false,
                Checking = variable =>
                {
                    _checking = variable;
                    Progress?.Invoke(variable);
                },
            });
        if (!_baseline.IsRecorded)
        {
            _baseline.Record(validation);
        }

        var findings = new List<PathFinding>(validation.Findings.Select(Harden));
        foreach (RoleCheck check in validation.Roles)
        {
            _checking = RoleLayout.VariableOf(check.Role);
            AddChanges(check.Role, check.Path, findings);
            if (Array.IndexOf(WritingRoles, check.Role) >= 0)
            {
                AddFreeSpace(check.Role, check.Path, findings);
            }
        }

        var result = new PathValidationResult(PathFinding.BySeverity(findings), validation.Database)
        {
            Mounts = validation.Mounts, Container = validation.Container, MountCheck = validation.MountCheck, Roles = validation.Roles,
        };
        LayoutReport report = LayoutReport.From(paths, result);
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach ((string key, PathReport path) in report.Paths)
        {
            data[key] = path;
        }

        string[] failing = [.. result.Errors.Select(f => f.Variable).Distinct()];
        string[] warning = [.. result.Warnings.Select(f => f.Variable).Distinct()];
        if (failing.Length > 0)
        {
            return HealthCheckResult.Unhealthy($"Failing: {string.Join(", ", failing)}", data: data);
        }

        return warning.Length > 0
            ? HealthCheckResult.Degraded($"Warnings: {string.Join(", ", warning)}", data: data)
            : HealthCheckResult.Healthy("Every Callytics path is usable.", data);
    }

    /// <summary>After start, a missing directory is not something start-up will create: it vanished, and writes fail.</summary>
    private static PathFinding Harden(PathFinding finding) =>
        finding.Code == FindingCodes.DirectoryMissing
            ? new PathFinding(FindingSeverity.Error, FindingCodes.DirectoryVanished, finding.Variable, finding.Path,
                $"{finding.Variable} directory {finding.Path} is gone; the service cannot write there until it is back.",
                "Recreate it (or restart the service, which creates it), and find what removed it.")
            : finding;

    private void AddChanges(PathRole role, string path, List<PathFinding> findings)
    {
        string directory = role == PathRole.Database ? Path.GetDirectoryName(path) ?? "/" : path;
        FileStatus now = FileStatus.Of(directory);
        if (_baseline.TryGet(role, out ulong mountId, out bool existed) && existed && now.Exists && mountId != 0 && now.MountId != mountId)
        {
            string variable = RoleLayout.VariableOf(role);
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.MountChanged, variable, directory,
                $"{variable} path {directory} is held by a different mount than at start (mount id {mountId} then, {now.MountId} now): its volume went away or was replaced.",
                "Restart the service once the volume is back, so that it writes where its data is."));
        }
    }

    private void AddFreeSpace(PathRole role, string path, List<PathFinding> findings)
    {
        string directory = role == PathRole.Database ? Path.GetDirectoryName(path) ?? "/" : path;
        if (FileSystemSpace.Of(directory) is not { } space || space.TotalBytes == 0)
        {
            return;
        }

        FreeSpaceThresholds thresholds = _options.FreeSpaceByRole.TryGetValue(role, out FreeSpaceThresholds? specific) ? specific : _options.FreeSpace;
        long free = (long)space.FreeBytes;
        long total = (long)space.TotalBytes;
        bool unhealthy = thresholds.IsUnhealthy(free, total);
        if (!unhealthy && !thresholds.IsDegraded(free, total))
        {
            return;
        }

        string variable = RoleLayout.VariableOf(role);
        findings.Add(new PathFinding(unhealthy ? FindingSeverity.Error : FindingSeverity.Warning,
            unhealthy ? FindingCodes.FreeSpaceCritical : FindingCodes.FreeSpaceLow, variable, directory,
            $"{variable} path {directory} has {Bytes(free)} free of {Bytes(total)} ({100.0 * free / total:0.#}%): {(unhealthy ? "writes are about to fail" : "space is running low")}.",
            AccessAdvice.NoSpaceFix(directory)));
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
