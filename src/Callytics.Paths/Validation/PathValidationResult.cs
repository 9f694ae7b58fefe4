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

    /// <summary>The normalized path of each role whose value is valid (for the database, its file).</summary>
    internal IReadOnlyDictionary<PathRole, string> RolePaths { get; init; } = new Dictionary<PathRole, string>();

    /// <summary>What statx said of each role's directory (the database's directory for the database) during the run.</summary>
    internal IReadOnlyDictionary<PathRole, FileStatus> States { get; init; } = new Dictionary<PathRole, FileStatus>();

    /// <summary>Whether each role's directory exists and passed its read or write probe.</summary>
    internal IReadOnlyDictionary<PathRole, bool> Usable { get; init; } = new Dictionary<PathRole, bool>();

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
