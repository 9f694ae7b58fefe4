using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callytics.Paths.Reporting;

/// <summary>The source-generated JSON metadata of the report types (no reflection: trim and AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LayoutReport))]
[JsonSerializable(typeof(PathReport))]
[JsonSerializable(typeof(ProblemReport))]
[JsonSerializable(typeof(LayerReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Gets the context writing text as it is (quotes and non-ASCII letters unescaped), for terminals, logs and JSON
    /// APIs; do not embed its output in HTML.
    /// </summary>
    public static ReportJsonContext Readable { get; } = new(ReadableOptions());

    /// <summary>camelCase, indented, text as it is: the options of every JSON this project prints (a new instance each call, for a context of its own).</summary>
    /// <returns>The options.</returns>
    public static JsonSerializerOptions ReadableOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
