namespace Callytics.Paths.Linting.Compose;

/// <summary>A compose file cannot be read: missing, malformed YAML, or not a compose file. Carries file:line:col.</summary>
public sealed class ComposeReadException(string file, int line, int column, string reason)
    : Exception(line > 0 ? $"{file}:{line}:{column}: {reason}" : $"{file}: {reason}")
{
    internal string File { get; } = file;

    internal int Line { get; } = line;

    internal int Column { get; } = column;

    internal string Reason { get; } = reason;
}
