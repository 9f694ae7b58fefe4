using System.Text.Json;
using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Callytics.Paths.Mounts;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Reporting;

/// <summary>
/// The status report: one model of the whole layout, for the start-up log, the health check's data and the
/// command-line tool. As JSON (camelCase): <c>{ "ok", "inContainer", "mountCheck", "paths": { "temp": { ... } } }</c>.
/// </summary>
public sealed class LayoutReport
{
    /// <summary>Gets whether the layout has no error.</summary>
    public required bool Ok { get; init; }

    /// <summary>Gets whether this process runs in a container.</summary>
    public required bool InContainer { get; init; }

    /// <summary>Gets the signal that decided whether this is a container.</summary>
    public required string ContainerSignal { get; init; }

    /// <summary>Gets the mount check in force: <c>enforce</c>, <c>warn</c> or <c>off</c> (auto already decided).</summary>
    public required string MountCheck { get; init; }

    /// <summary>Gets the keys of the roles the service uses (<c>CALLYTICS_ROLES</c>), in report order.</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Gets each role's facts by key: <c>audio</c>, <c>temp</c>, <c>logs</c>, <c>data</c>, <c>config</c>, <c>cache</c>, <c>database</c>.</summary>
    public required IReadOnlyDictionary<string, PathReport> Paths { get; init; }

    /// <summary>Gets the problems that belong to no single path (the mount check itself), errors first.</summary>
    public required IReadOnlyList<ProblemReport> Problems { get; init; }

    /// <summary>Validates <paramref name="paths"/> and reports on it.</summary>
    /// <param name="paths">The layout.</param>
    /// <param name="settings">How to treat the disk; <see langword="null"/> creates missing directories, as start-up does.</param>
    /// <returns>The report.</returns>
    public static LayoutReport Create(CallyticsPaths paths, PathValidationSettings? settings = null) =>
        From(paths, CallyticsPathsValidator.Validate(paths, settings));

    /// <summary>Builds the report of a validation that already ran.</summary>
    /// <param name="paths">The layout that was validated.</param>
    /// <param name="result">Its result.</param>
    /// <returns>The report.</returns>
    public static LayoutReport From(CallyticsPaths paths, PathValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(result);
        var reports = new Dictionary<string, PathReport>(StringComparer.Ordinal);
        foreach (PathRole role in RoleLayout.AllRoles)
        {
            reports[RoleLayout.KeyOf(role)] = Describe(paths, result, role, RoleLayout.VariableOf(role));
        }

        return new LayoutReport
        {
            Ok = !result.HasErrors,
            InContainer = result.Container?.InContainer ?? false,
            ContainerSignal = result.Container?.Signal ?? "unknown",
            MountCheck = result.MountCheck.ToString().ToLowerInvariant(),
            Roles = RoleKeys.Of(paths.Roles),
            Paths = reports,
            Problems = [.. result.Findings.Where(f => RoleLayout.AllRoles.All(r => RoleLayout.VariableOf(r) != f.Variable)).Select(f => new ProblemReport(f))],
        };
    }

    /// <summary>
    /// This report with <paramref name="findings"/> as its problems (the health check adds free space below its own
    /// thresholds to a shared reading): the facts read from the disk are kept, not read again.
    /// </summary>
    internal LayoutReport WithFindings(IReadOnlyList<PathFinding> findings)
    {
        var reports = new Dictionary<string, PathReport>(StringComparer.Ordinal);
        foreach ((string key, PathReport path) in Paths)
        {
            reports[key] = !path.Used ? path : path.WithProblems([.. findings.Where(f => f.Variable == path.Variable).Select(f => new ProblemReport(f))]);
        }

        return new LayoutReport
        {
            Ok = !findings.Any(f => f.Severity == FindingSeverity.Error),
            InContainer = InContainer,
            ContainerSignal = ContainerSignal,
            MountCheck = MountCheck,
            Roles = Roles,
            Paths = reports,
            Problems = Problems,
        };
    }

    /// <summary>Returns the report as indented camelCase JSON (source-generated: trim and AOT safe).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, ReportJsonContext.Readable.LayoutReport);

    private static PathReport Describe(CallyticsPaths paths, PathValidationResult result, PathRole role, string variable)
    {
        string shown = role == PathRole.Database ? DatabaseUrl.Mask(paths.DatabaseUrl) : DisplayText.Of(RoleValue(paths, role));
        if (!paths.Uses(role))
        {
            return new PathReport { Variable = variable, Path = shown, Used = false, Problems = [] };
        }

        ProblemReport[] problems = [.. result.Findings.Where(f => f.Variable == variable).Select(f => new ProblemReport(f))];
        RoleCheck? check = result.RoleOf(role);
        if (check is null)
        {
            return new PathReport { Variable = variable, Path = shown, Problems = problems };
        }

        // The validation already asked statx about each directory: reuse its answer rather than asking again.
        string path = check.Path;
        FileStatus status = role != PathRole.Database ? check.State : FileStatus.Of(path);
        (string? mountPoint, string? fsType, bool? readOnly, bool? mounted) = (null, null, null, null);
        if (result.Mounts?.Locate(path, p => p == path ? status : FileStatus.Of(p)) is { } holder)
        {
            (mountPoint, fsType, readOnly, mounted) = (holder.MountPoint, holder.FileSystemType, holder.IsReadOnly, result.Mounts.IsOnVolume(holder));
        }

        string directory = role == PathRole.Database ? System.IO.Path.GetDirectoryName(path) ?? "/" : path;
        FileSystemSpace? space = FileSystemSpace.Of(status.Exists ? path : directory);
        bool writes = RoleLayout.WritesTo(role);
        bool? writable = !status.Exists && role != PathRole.Database ? null
            : writes ? check.Usable
            : Libc.FAccessAt(Libc.AtFdCwd, path, Libc.WriteOk, Libc.AtEAccess) == 0;
        return new PathReport
        {
            Variable = variable,
            Path = path,
            Exists = status.Exists,
            Type = !status.Exists ? null : status.IsDirectory ? "directory" : status.IsRegularFile ? "file" : "other",
            Writable = writable,
            Size = role == PathRole.Database && status.IsRegularFile ? (long)status.Size : null,
            Mounted = mounted,
            MountPoint = mountPoint,
            FsType = fsType,
            ReadOnly = readOnly,
            FreeBytes = space is null ? null : (long)space.Value.FreeBytes,
            TotalBytes = space is null ? null : (long)space.Value.TotalBytes,
            Problems = problems,
        };
    }

    private static string RoleValue(CallyticsPaths paths, PathRole role) =>
        RoleLayout.Directories.FirstOrDefault(l => l.Role == role)?.Get(paths) ?? string.Empty;
}
