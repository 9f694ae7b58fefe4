using Callytics.Paths.Database;

namespace Callytics.Paths.Validation;

/// <summary>What validating a layout found: every finding, errors first.</summary>
public sealed class PathValidationResult
{
    internal PathValidationResult(IReadOnlyList<PathFinding> findings, DatabaseUrl? database)
    {
        Findings = findings;
        Database = database;
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
