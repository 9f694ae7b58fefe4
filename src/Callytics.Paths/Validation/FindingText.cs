namespace Callytics.Paths.Validation;

/// <summary>What a finding says: its message and its fix (empty for information), as <see cref="FindingMessages"/> words them.</summary>
internal readonly record struct FindingText(string Message, string Fix);
