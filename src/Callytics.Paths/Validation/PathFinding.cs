namespace Callytics.Paths.Validation;

/// <summary>One problem (or fact) about one path of the layout: what, where, and how to fix it.</summary>
/// <remarks>The start-up validator, the health check and the command-line tool all report these same findings.</remarks>
public sealed record PathFinding
{
    /// <summary>Initializes a finding.</summary>
    /// <param name="severity">How much it matters.</param>
    /// <param name="code">The stable code, one of <see cref="FindingCodes"/>.</param>
    /// <param name="variable">The variable that set the path, for example <c>TEMP_DIR</c>.</param>
    /// <param name="path">The path (for <c>DATABASE_URL</c>, the masked URL or the database file).</param>
    /// <param name="message">What is wrong and why it matters.</param>
    /// <param name="fix">The command, setting or compose line that fixes it; empty for information.</param>
    public PathFinding(FindingSeverity severity, string code, string variable, string path, string message, string fix)
    {
        Severity = severity;
        Code = code;
        Variable = variable;
        Path = path;
        Message = message;
        Fix = fix;
    }

    /// <summary>Initializes a finding worded by <see cref="FindingMessages"/>.</summary>
    internal PathFinding(FindingSeverity severity, string code, string variable, string path, FindingText text)
        : this(severity, code, variable, path, text.Message, text.Fix)
    {
    }

    /// <summary>Gets how much the finding matters.</summary>
    public FindingSeverity Severity { get; }

    /// <summary>Gets the stable code, one of <see cref="FindingCodes"/>.</summary>
    public string Code { get; }

    /// <summary>Gets the variable that set the path, for example <c>TEMP_DIR</c>.</summary>
    public string Variable { get; }

    /// <summary>Gets the path the finding is about, as shown to people (control characters escaped, secrets masked).</summary>
    public string Path { get; }

    /// <summary>Gets what is wrong and why it matters.</summary>
    public string Message { get; }

    /// <summary>Gets how to fix it; empty for information.</summary>
    public string Fix { get; }

    /// <summary>
    /// Gets the variable's value as written (secrets masked, control characters escaped) when <see cref="Path"/> is what
    /// it resolves to rather than the value itself (<c>DATABASE_URL</c>'s database file); otherwise null.
    /// </summary>
    public string? Value { get; init; }

    /// <summary>
    /// Returns the finding as one line: <c>[CODE] VARIABLE=path: message Fix: fix</c>, or, where the value is not the
    /// path, <c>[CODE] VARIABLE=value (path): …</c>.
    /// </summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        string shown = Value is { } value && value != Path ? $"{value} ({Path})" : Path;
        return Fix.Length == 0 ? $"[{Code}] {Variable}={shown}: {Message}" : $"[{Code}] {Variable}={shown}: {Message} Fix: {Fix}";
    }

    /// <summary>The findings ordered by severity, errors first, keeping their order within a severity.</summary>
    internal static PathFinding[] BySeverity(IReadOnlyList<PathFinding> findings)
    {
        var ordered = new PathFinding[findings.Count];
        int next = 0;
        foreach (FindingSeverity severity in (ReadOnlySpan<FindingSeverity>)[FindingSeverity.Error, FindingSeverity.Warning, FindingSeverity.Information])
        {
            foreach (PathFinding finding in findings)
            {
                if (finding.Severity == severity)
                {
                    ordered[next++] = finding;
                }
            }
        }

        return ordered;
    }
}
