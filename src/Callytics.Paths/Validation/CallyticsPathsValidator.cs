using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>
/// Validates a layout against every rule and returns the findings without throwing. The start-up validation, the
/// health check and the command-line tool all call this, so each rule is written once.
/// </summary>
public static class CallyticsPathsValidator
{
    /// <summary>Validates <paramref name="paths"/>: values, existence (creating what is missing unless told not to), access, database.</summary>
    /// <param name="paths">The layout; relative values are resolved (and reported) without changing the object.</param>
    /// <param name="settings">How to treat the disk; <see langword="null"/> for the defaults (create missing directories).</param>
    /// <returns>The findings. Validation never modifies, moves or deletes a file it did not create.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    public static PathValidationResult Validate(CallyticsPaths paths, PathValidationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        settings ??= new PathValidationSettings();
        string workingDirectory = settings.WorkingDirectory ?? Environment.CurrentDirectory;
        var findings = new List<PathFinding>();
        if (!OperatingSystem.IsLinux())
        {
            findings.Add(new PathFinding(FindingSeverity.Information, FindingCodes.NotCheckedOnThisSystem, "CALLYTICS_ROOT", paths.DataDir,
                "The directory checks read Linux system facts (statx, mountinfo); on this system they are skipped.", string.Empty));
            return new PathValidationResult(findings, null);
        }

        var directories = new DirectoryInspector(ProcessIdentity.Current, settings.CreateMissingDirectories);

        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            string value = layout.Get(paths);
            PathFinding? invalid = ValueRules.Check(layout.Variable, value);
            if (invalid is not null)
            {
                findings.Add(invalid);
                continue;
            }

            string path = PathNormalizer.Normalize(value, workingDirectory);
            string? original = value.StartsWith('/') ? paths.RelativeOrigins.GetValueOrDefault(layout.Variable) : value;
            if (original is not null)
            {
                findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.RelativePath, layout.Variable, path,
                    $"{layout.Variable}={DisplayText.Of(original)} is relative and was resolved against the working directory to {path}; it moves whenever the service starts from another directory.",
                    $"Set {layout.Variable}={path} (an absolute path)."));
            }

            directories.Inspect(layout.Variable, path, layout.Writes, layout.CreateMode, findings);
        }

        DatabaseUrl? database = DatabaseRules.Inspect(paths.DatabaseUrl, workingDirectory, directories, findings);
        PathFinding[] ordered = [.. findings.OrderByDescending(f => f.Severity)];
        return new PathValidationResult(ordered, database);
    }
}
