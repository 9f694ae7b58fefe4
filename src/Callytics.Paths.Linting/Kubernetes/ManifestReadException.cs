namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>A manifest cannot be read: missing, malformed or hostile YAML. Carries file:line:col (0:0 for the whole file).</summary>
public sealed class ManifestReadException(string file, int line, int column, string reason)
    : Exception(line > 0 ? $"{file}:{line}:{column}: {reason}" : $"{file}: {reason}")
{
    internal string File { get; } = file;

    internal string Reason { get; } = reason;
}
