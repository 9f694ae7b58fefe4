using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting;

/// <summary>
/// One lint finding: a stable code, a severity, the workload (a compose service, or a Kubernetes <c>Kind/name</c>) and
/// for Kubernetes its container, where it is written, what is wrong and the fix. Its severity is the library's one
/// <see cref="FindingSeverity"/>; only the wording (<see cref="SeverityWord"/>) and the position are the linters' own.
/// </summary>
public sealed record Finding(string File, int Line, int Column, FindingSeverity Severity, string Code, string Subject, string? Container, string Message, string Fix)
{
    internal Finding(SourcePosition position, FindingSeverity severity, string code, Workload workload, string message, string fix)
        : this(position.File, position.Line, position.Column, severity, code, workload.Subject, workload.Container, message, fix)
    {
    }

    internal Finding(SourcePosition position, FindingSeverity severity, string code, Workload workload, LintText text)
        : this(position, severity, code, workload, text.Message, text.Fix)
    {
    }

    /// <summary>
    /// The role variable the finding is about (<c>TEMP_DIR</c>, <c>DATABASE_URL</c>), or null for a finding about no
    /// single role (an undeclared volume, a Windows host path): what <c>compose fix</c> keys its plan on.
    /// </summary>
    public string? Variable { get; init; }

    /// <summary>
    /// <c>FILE:LINE:COL: SEVERITY CODE: message [subject]</c>, or <c>[Kind/name container]</c>, on one line: a control
    /// character anywhere (a service name holding a newline and ESC) is written escaped (<c>\n</c>, <c>\x1b</c>), so no
    /// input can forge a finding line or send the terminal an escape.
    /// </summary>
    public override string ToString() =>
        Escape($"{File}:{Line}:{Column}: {SeverityWord(Severity)} {Code}: {Message} [{Subject}{(Container is null ? string.Empty : " " + Container)}]");

    /// <summary>
    /// How lint output words a severity, as compilers and SARIF do: <c>error</c>, <c>warning</c>, <c>note</c> (the
    /// library's <see cref="FindingSeverity.Information"/>).
    /// </summary>
    public static string SeverityWord(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary><paramref name="text"/> on one line, control characters escaped.</summary>
    public static string Escape(string text) => Callytics.Paths.Interop.FileName.Escape(text);
}
