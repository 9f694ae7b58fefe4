namespace Callytics.Paths.Cli.Compose;

/// <summary>One lint finding: a stable code, a severity, the service, where it is written, what is wrong and the fix.</summary>
internal sealed record ComposeFinding(string File, int Line, int Column, string Severity, string Code, string Service, string Message, string Fix)
{
    internal ComposeFinding(SourcePosition position, string severity, string code, string service, string message, string fix)
        : this(position.File, position.Line, position.Column, severity, code, service, message, fix)
    {
    }

    /// <summary><c>FILE:LINE:COL: SEVERITY CODE: message [service]</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Severity} {Code}: {Message} [{Service}]";
}
