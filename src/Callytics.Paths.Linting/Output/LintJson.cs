using System.Text.Json.Serialization;

namespace Callytics.Paths.Linting.Output;

/// <summary>One finding of <c>compose lint --format json</c>.</summary>
internal sealed record ComposeFindingJson(string File, int Line, int Column, string Severity, string Code, string Service, string Message, string Fix);

/// <summary><c>compose lint --format json</c>: <c>{ "findings": [ ... ] }</c>.</summary>
internal sealed record ComposeLintJson(IReadOnlyList<ComposeFindingJson> Findings);

/// <summary>One finding of <c>kube lint --format json</c>: the workload is <c>Kind/name</c>, with its container.</summary>
internal sealed record KubeFindingJson(string File, int Line, int Column, string Severity, string Code, string Workload, string? Container, string Message, string Fix);

/// <summary><c>kube lint --format json</c>: <c>{ "findings": [ ... ], "suppressed": N }</c>.</summary>
internal sealed record KubeLintJson(IReadOnlyList<KubeFindingJson> Findings, int Suppressed);

/// <summary>The lint JSON shapes, source-generated (trim and NativeAOT safe), camelCase, text as it is.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ComposeLintJson))]
[JsonSerializable(typeof(KubeLintJson))]
[JsonSerializable(typeof(SarifLog))]
internal sealed partial class LintJsonContext : JsonSerializerContext
{
    /// <summary>Text as it is: a terminal is not HTML, so quotes and accents need no escaping.</summary>
    internal static LintJsonContext Readable { get; } = new(Reporting.ReportJsonContext.ReadableOptions());
}
