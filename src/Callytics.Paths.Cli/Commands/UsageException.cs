namespace Callytics.Paths.Cli.Commands;

/// <summary>The command line or its input cannot be used: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
