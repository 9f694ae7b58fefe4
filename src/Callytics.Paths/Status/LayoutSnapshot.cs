using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Health;
using Callytics.Paths.Interop;
using Callytics.Paths.Layer;
using Callytics.Paths.Metrics;
using Callytics.Paths.Reporting;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Status;

/// <summary>
/// One reading of the whole layout at one moment: the validation (nothing created; the probes and the mount check as
/// configured) with what changed since start, each used role's filesystem, and the report built from them. The health
/// check, the metrics and the status report all read the same one.
/// </summary>
internal sealed class LayoutSnapshot
{
    private LayoutSnapshot(DateTimeOffset takenAt, PathValidationResult? validation, IReadOnlyList<FilesystemReading> readings, LayoutReport? report, string? failure, Exception? exception)
    {
        TakenAt = takenAt;
        Validation = validation;
        Readings = readings;
        Report = report;
        Failure = failure;
        Exception = exception;
    }

    /// <summary>When the reading was taken.</summary>
    internal DateTimeOffset TakenAt { get; }

    /// <summary>The validation with the changes since start (a vanished directory, a replaced mount); null when the reading failed.</summary>
    internal PathValidationResult? Validation { get; }

    /// <summary>Each used role's filesystem.</summary>
    internal IReadOnlyList<FilesystemReading> Readings { get; }

    /// <summary>The report; null when the reading failed.</summary>
    internal LayoutReport? Report { get; }

    /// <summary>What the container wrote into its own layer (the last walk, refreshed less often than the rest), or null outside a container.</summary>
    internal LayerReading? Layer { get; private init; }

    /// <summary>Why the layout could not be read (secrets masked), or null.</summary>
    internal string? Failure { get; }

    /// <summary>The exception behind <see cref="Failure"/>.</summary>
    internal Exception? Exception { get; }

    /// <summary>
    /// Reads the layout now. Touches the disk (and may hang on a dead volume): run it on a refresh thread or in a
    /// process that reads once. <paramref name="checking"/> is told each variable before its path is read.
    /// </summary>
    internal static LayoutSnapshot Take(CallyticsPaths paths, LayoutBaseline baseline, DateTimeOffset now, Action<string> checking)
    {
        try
        {
            PathValidationResult validation = CallyticsPathsValidator.Validate(paths, new PathValidationSettings { CreateMissingDirectories = false, Checking = checking });
            if (!baseline.IsRecorded)
            {
                baseline.Record(validation);
            }

            var findings = new List<PathFinding>(validation.Findings.Select(Harden));
            foreach (RoleCheck check in validation.Roles)
            {
                checking(RoleLayout.VariableOf(check.Role));
                AddChanges(baseline, check.Role, check.Path, findings);
            }

            var result = new PathValidationResult(PathFinding.BySeverity(findings), validation.Database)
            {
                Mounts = validation.Mounts, Container = validation.Container, MountCheck = validation.MountCheck, Roles = validation.Roles,
            };
            return new LayoutSnapshot(now, result, FilesystemReading.From(paths, result), LayoutReport.From(paths, result), null, null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Failed(now, exception);
        }
    }

    /// <summary>This reading with <paramref name="layer"/> as what the container wrote into its own layer.</summary>
    internal LayoutSnapshot WithLayer(LayerReading? layer) =>
        new(TakenAt, Validation, Readings, Report, Failure, Exception) { Layer = layer };

    /// <summary>A reading that failed: no validation, no readings, the reason.</summary>
    internal static LayoutSnapshot Failed(DateTimeOffset now, Exception exception) =>
        new(now, null, [], null, $"The Callytics layout could not be checked: {DatabaseUrl.Mask(exception.Message)}", exception);

    /// <summary>After start, a missing directory is not something start-up will create: it vanished, and writes fail.</summary>
    private static PathFinding Harden(PathFinding finding) =>
        finding.Code == FindingCodes.DirectoryMissing
            ? new PathFinding(FindingSeverity.Error, FindingCodes.DirectoryVanished, finding.Variable, finding.Path,
                FindingMessages.DirectoryVanished(finding.Variable, finding.Path))
            : finding;

    private static void AddChanges(LayoutBaseline baseline, PathRole role, string path, List<PathFinding> findings)
    {
        string directory = role == PathRole.Database ? Path.GetDirectoryName(path) ?? "/" : path;
        FileStatus now = FileStatus.Of(directory);
        if (baseline.TryGet(role, out ulong mountId, out bool existed) && existed && now.Exists && mountId != 0 && now.MountId != mountId)
        {
            string variable = RoleLayout.VariableOf(role);
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.MountChanged, variable, directory,
                FindingMessages.MountChanged(variable, directory, mountId, now.MountId)));
        }
    }
}
