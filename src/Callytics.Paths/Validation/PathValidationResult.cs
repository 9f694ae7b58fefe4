using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Callytics.Paths.Mounts;

namespace Callytics.Paths.Validation;

/// <summary>What validating a layout found: every finding, errors first.</summary>
public sealed class PathValidationResult
{
    internal PathValidationResult(IReadOnlyList<PathFinding> findings, DatabaseUrl? database)
    {
        Findings = findings;
        Database = database;
    }

    /// <summary>The mount table read during validation, when it could be read.</summary>
    internal MountTable? Mounts { get; init; }

    /// <summary>Whether this is a container, and why.</summary>
    internal ContainerStatus? Container { get; init; }

    /// <summary>The mount check in force (auto already decided).</summary>
    internal MountCheckMode MountCheck { get; init; } = MountCheckMode.Off;

    /// <summary>Each role whose value is valid, in layout order: its path, whether it passed, what statx said of it.</summary>
    internal IReadOnlyList<RoleCheck> Roles { get; init; } = [];

    /// <summary>The check of <paramref name="role"/>, or null when its value was not valid.</summary>
    internal RoleCheck? RoleOf(PathRole role)
    {
        foreach (RoleCheck check in Roles)
        {
            if (check.Role == role)
            {
                return check;
            }
        }

        return null;
    }

    /// <summary>Gets every finding, ordered by severity (errors first), then in layout order.</summary>
    public IReadOnlyList<PathFinding> Findings { get; }

    /// <summary>Gets the parsed <c>DATABASE_URL</c>, or <see langword="null"/> when it does not parse.</summary>
    public DatabaseUrl? Database { get; }

    /// <summary>Gets whether any finding is an error (the service must not start).</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>Gets the errors.</summary>
    public IEnumerable<PathFinding> Errors => Findings.Where(f => f.Severity == FindingSeverity.Error);

    /// <summary>Gets the warnings.</summary>
    public IEnumerable<PathFinding> Warnings => Findings.Where(f => f.Severity == FindingSeverity.Warning);
}
