using Callytics.Paths.Validation;

namespace Callytics.Paths.Rules;

/// <summary>
/// One rule about where a role's path lands, as data: its codes (at run time, and the number compose and Kubernetes
/// share), its severity and consequence per role, and the one condition on a <see cref="PathLanding"/> that fires it.
/// Every reader (start-up, health, <c>check</c>, <c>compose lint</c>, <c>kube lint</c>) words its findings from
/// these; none decides a severity or a consequence of its own.
/// </summary>
public sealed class PathRule
{
    private readonly Func<PathRole, bool, PathLanding, bool> _fires;
    private readonly Func<PathRole, FindingSeverity?> _severity;
    private readonly Func<PathRole, PathImpact> _impact;
    private readonly Func<PathRole, string> _consequence;

    internal PathRule(
        string name,
        string runtimeCode,
        int lintNumber,
        string summary,
        Func<PathRole, bool, PathLanding, bool> fires,
        Func<PathRole, FindingSeverity?> severity,
        Func<PathRole, PathImpact> impact,
        Func<PathRole, string> consequence)
    {
        Name = name;
        RuntimeCode = runtimeCode;
        LintNumber = lintNumber;
        Summary = summary;
        _fires = fires;
        _severity = severity;
        _impact = impact;
        _consequence = consequence;
    }

    /// <summary>The rule's name in SARIF and in docs: <c>RoleDirectoryNotMounted</c>.</summary>
    public string Name { get; }

    /// <summary>The code a running service reports: <c>CP501</c>.</summary>
    public string RuntimeCode { get; }

    /// <summary>The number the linters share, after their prefix: 101 is <c>CC101</c> and <c>CK101</c>.</summary>
    public int LintNumber { get; }

    /// <summary>One sentence on what the rule checks, for rule lists (SARIF, <c>--rules</c>).</summary>
    public string Summary { get; }

    /// <summary>Whether the rule fires for <paramref name="role"/> (written or not) landing as <paramref name="landing"/>.</summary>
    public bool Fires(PathRole role, bool writes, PathLanding landing) => _fires(role, writes, landing) && _severity(role) is not null;

    /// <summary>The severity for <paramref name="role"/>, or null where the rule does not apply to it.</summary>
    public FindingSeverity? SeverityFor(PathRole role) => _severity(role);

    /// <summary>What the finding costs <paramref name="role"/>.</summary>
    public PathImpact ImpactFor(PathRole role) => _impact(role);

    /// <summary>The consequence for <paramref name="role"/>, as the end of a sentence (no final stop).</summary>
    public string ConsequenceFor(PathRole role) => _consequence(role);
}
