using Callytics.Paths.Validation;

namespace Callytics.Paths.Reporting;

/// <summary>One problem of one path, as the report shows it.</summary>
public sealed class ProblemReport
{
    internal ProblemReport(PathFinding finding)
    {
        Severity = finding.Severity switch
        {
            FindingSeverity.Error => "error",
            FindingSeverity.Warning => "warning",
            _ => "information",
        };
        Code = finding.Code;
        Message = finding.Message;
        Fix = finding.Fix;
    }

    /// <summary>Gets <c>error</c>, <c>warning</c> or <c>information</c>.</summary>
    public string Severity { get; }

    /// <summary>Gets the stable code (see <see cref="FindingCodes"/>).</summary>
    public string Code { get; }

    /// <summary>Gets what is wrong and why it matters.</summary>
    public string Message { get; }

    /// <summary>Gets how to fix it.</summary>
    public string Fix { get; }
}
