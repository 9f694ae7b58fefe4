namespace Callytics.Paths.Linting;

/// <summary>One environment variable of a workload, as the reader resolved it.</summary>
/// <param name="Name">The variable.</param>
/// <param name="Value">Its value, or null when it is declared but its value cannot be known.</param>
/// <param name="Written">The text as written (before interpolation or reference).</param>
/// <param name="Position">Where it is written.</param>
/// <param name="Unset">Variables its value fell back over, or references that could not be followed.</param>
/// <param name="Error">Why the platform would refuse the value, reported where it was read; null when it would not.</param>
/// <param name="IsDefault">True for a default standing in for a variable the workload does not declare.</param>
public sealed record WorkloadVariable(string Name, string? Value, string Written, SourcePosition Position, IReadOnlyList<string> Unset, string? Error,
    bool IsDefault = false);
