namespace Callytics.Paths.Linting;

/// <summary>A lint rule as documented (README, SARIF <c>tool.driver.rules</c>). A code never changes meaning once released.</summary>
internal sealed record LintRule(string Code, string Name, string DefaultSeverity, string Description);
