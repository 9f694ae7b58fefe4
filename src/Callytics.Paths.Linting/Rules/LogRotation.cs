namespace Callytics.Paths.Linting;

/// <summary>
/// The log rotation CC116 asks for and <c>compose fix</c> writes, the seed's values: Docker's json-file driver with
/// files of at most <see cref="MaxSize"/>, <see cref="MaxFile"/> of them. The finding's fix text and the fixer's
/// edits and change lines read them here.
/// </summary>
internal static class LogRotation
{
    /// <summary>The driver whose logs grow without a cap: <c>json-file</c>, Docker's default.</summary>
    internal const string Driver = Compose.DockerDaemonConfig.DockerDefaultLogDriver;

    /// <summary>The largest log file: <c>100m</c>.</summary>
    internal const string MaxSize = "100m";

    /// <summary>How many files are kept: <c>3</c>.</summary>
    internal const string MaxFile = "3";
}
