namespace Callytics.Paths.Linting;

/// <summary>
/// One lint finding: a stable code, a severity, the workload (a compose service, or a Kubernetes <c>Kind/name</c>) and
/// for Kubernetes its container, where it is written, what is wrong and the fix.
/// </summary>
internal sealed record Finding(string File, int Line, int Column, string Severity, string Code, string Subject, string? Container, string Message, string Fix)
{
    internal Finding(SourcePosition position, string severity, string code, Workload workload, string message, string fix)
        : this(position.File, position.Line, position.Column, severity, code, workload.Subject, workload.Container, message, fix)
    {
    }

    /// <summary>
    /// <c>FILE:LINE:COL: SEVERITY CODE: message [subject]</c>, or <c>[Kind/name container]</c>, on one line: a control
    /// character anywhere (a service name holding a newline and ESC) is written escaped (<c>\n</c>, <c>\x1b</c>), so no
    /// input can forge a finding line or send the terminal an escape.
    /// </summary>
    public override string ToString() =>
        Escape($"{File}:{Line}:{Column}: {Severity} {Code}: {Message} [{Subject}{(Container is null ? string.Empty : " " + Container)}]");

    /// <summary><paramref name="text"/> on one line, control characters escaped.</summary>
    internal static string Escape(string text) => Callytics.Paths.Interop.FileName.Escape(text);
}
