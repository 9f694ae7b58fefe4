using System.Text.Json;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting.Output;

/// <summary>Writes findings as text, JSON or SARIF 2.1.0, the same for every format read.</summary>
public static class FindingWriter
{
    /// <summary>
    /// <c>FILE:LINE:COL: SEVERITY CODE: message [subject]</c>, each finding's fix on the next line (<c>    fix: …</c>),
    /// then a summary of the counts.
    /// </summary>
    public static void WriteText(TextWriter output, IReadOnlyList<Finding> findings, int files, int suppressed = 0)
    {
        foreach (Finding finding in findings)
        {
            output.WriteLine(finding.ToString());
            if (finding.Fix.Length > 0)
            {
                output.WriteLine($"    fix: {Finding.Escape(finding.Fix)}");
            }
        }

        int errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        int warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);
        int notes = findings.Count - errors - warnings;
        string hidden = suppressed > 0 ? $" ({suppressed} suppressed)" : string.Empty;
        output.WriteLine($"{errors} error{Plural(errors)}, {warnings} warning{Plural(warnings)}, {notes} note{Plural(notes)}{hidden} in {files} file{Plural(files)}.");
    }

    /// <summary><c>{ "findings": [ { file, line, column, severity, code, service, message, fix } ] }</c>.</summary>
    public static string ComposeJson(IReadOnlyList<Finding> findings) =>
        JsonSerializer.Serialize(
            new ComposeLintJson([.. findings.Select(f => new ComposeFindingJson(f.File, f.Line, f.Column, Finding.SeverityWord(f.Severity), f.Code, f.Subject, f.Message, f.Fix))]),
            LintJsonContext.Readable.ComposeLintJson);

    /// <summary><c>{ "findings": [ { file, line, column, severity, code, workload, container, message, fix } ], "suppressed": N }</c>.</summary>
    public static string KubeJson(IReadOnlyList<Finding> findings, int suppressed) =>
        JsonSerializer.Serialize(
            new KubeLintJson([.. findings.Select(f => new KubeFindingJson(f.File, f.Line, f.Column, Finding.SeverityWord(f.Severity), f.Code, f.Subject, f.Container, f.Message, f.Fix))], suppressed),
            LintJsonContext.Readable.KubeLintJson);

    /// <summary>SARIF 2.1.0 with every rule under <c>tool.driver.rules</c>; each result points at its rule by id and index.</summary>
    public static string Sarif(IReadOnlyList<Finding> findings, IReadOnlyList<LintRule> rules, string toolVersion)
    {
        List<LintRule> all = [.. rules];
        var driver = new SarifDriver("callytics-paths", toolVersion,
            [.. all.Select(r => new SarifRule(r.Code, r.Name, new SarifText(r.Name), new SarifText(r.Description), new SarifConfiguration(Finding.SeverityWord(r.DefaultSeverity)), new SarifText(r.Description)))]);
        SarifResult[] results =
        [
            .. findings.Select(f => new SarifResult(f.Code, all.FindIndex(r => r.Code == f.Code), Finding.SeverityWord(f.Severity),
                new SarifText($"{f.Message} Fix: {f.Fix} [{f.Subject}{(f.Container is null ? string.Empty : " " + f.Container)}]"),
                [new SarifLocation(new SarifPhysicalLocation(new SarifArtifactLocation(f.File), new SarifRegion(Math.Max(1, f.Line), Math.Max(1, f.Column))))])),
        ];
        return JsonSerializer.Serialize(new SarifLog("https://json.schemastore.org/sarif-2.1.0.json", "2.1.0", [new SarifRun(new SarifTool(driver), results)]),
            LintJsonContext.Readable.SarifLog);
    }

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
