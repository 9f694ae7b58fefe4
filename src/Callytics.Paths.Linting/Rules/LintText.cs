namespace Callytics.Paths.Linting;

/// <summary>What a lint finding says: its message and its fix, as <see cref="LintMessages"/> words them.</summary>
internal readonly record struct LintText(string Message, string Fix);
