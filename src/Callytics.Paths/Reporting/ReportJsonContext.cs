using System.Text.Json.Serialization;

namespace Callytics.Paths.Reporting;

/// <summary>The source-generated JSON metadata of the report types (no reflection: trim and AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LayoutReport))]
[JsonSerializable(typeof(PathReport))]
[JsonSerializable(typeof(ProblemReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
