using Callytics.Paths.Rules;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting;

/// <summary>A lint rule as documented (README, SARIF <c>tool.driver.rules</c>). A code never changes meaning once released.</summary>
public sealed record LintRule(string Code, string Name, FindingSeverity DefaultSeverity, string Description)
{
    /// <summary>
    /// The lint entry of a catalogue rule: <paramref name="prefix"/> and its shared number, its name and summary, and
    /// as default severity the highest it takes for any role.
    /// </summary>
    internal static LintRule Shared(string prefix, PathRule rule)
    {
        FindingSeverity highest = FindingSeverity.Information;
        foreach (PathRole role in Callytics.Paths.Configuration.RoleLayout.AllRoles)
        {
            if (rule.SeverityFor(role) is { } severity && severity > highest)
            {
                highest = severity;
            }
        }

        return new(prefix + rule.LintNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), rule.Name, highest, rule.Summary);
    }
}
