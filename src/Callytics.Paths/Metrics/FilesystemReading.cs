using Callytics.Paths.Configuration;
using Callytics.Paths.Interop;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Metrics;

/// <summary>
/// One used role's filesystem at one moment: where it is mounted, its bytes used, free (to an unprivileged user) and
/// reserved (for root), and whether the last check found the path usable for its role. <see cref="Directory"/> is
/// the directory measured: the role's own, or the database file's.
/// </summary>
internal sealed record FilesystemReading(PathRole PathRole, string Directory, string? MountPoint, string? FileSystemType, bool ReadOnly, long Used, long Free, long Reserved, bool Usable)
{
    /// <summary>The role's key, as the metrics tag it: <c>temp</c>, ..., <c>database</c>.</summary>
    internal string Role { get; } = RoleLayout.KeyOf(PathRole);

    /// <summary>The filesystem's size: what the semantic conventions call its limit.</summary>
    internal long Limit => Used + Free + Reserved;

    /// <summary>
    /// The readings of every used role of <paramref name="paths"/> from a validation already run (the start-up's, or a
    /// refresh's): usability from its findings, the mount from its table, and one <c>statvfs</c> per role.
    /// </summary>
    internal static IReadOnlyList<FilesystemReading> From(CallyticsPaths paths, PathValidationResult validation)
    {
        var readings = new List<FilesystemReading>();
        foreach (RoleCheck check in validation.Roles)
        {
            if (!paths.Uses(check.Role))
            {
                continue;
            }

            string variable = check.Role == PathRole.Database ? CallyticsPathsVariables.DatabaseUrl : RoleLayout.Directories[(int)check.Role].Variable;
            bool failed = validation.Findings.Any(f => f.Severity == FindingSeverity.Error && f.Variable == variable);
            string measured = check.Role == PathRole.Database ? Path.GetDirectoryName(check.Path) ?? check.Path : check.Path;
            var mount = validation.Mounts?.FindMount(measured);
            FileSystemSpace space = FileSystemSpace.Of(measured) ?? default; // a missing directory: where it would be made
            readings.Add(new FilesystemReading(check.Role, measured, mount?.MountPoint, mount?.FileSystemType, mount?.IsReadOnly ?? false,
                (long)space.UsedBytes, (long)space.FreeBytes, (long)space.ReservedBytes, check.Usable && !failed));
        }

        return readings;
    }
}
