using System.Text.Json.Serialization;

namespace Callytics.Paths.Cli.Output;

/// <summary>A path's disk usage in <c>usage --json</c>.</summary>
internal sealed record UsageEntry(string Path, long? Bytes, long? Files, long? Directories, long? Skipped, long? FreeBytes, long? TotalBytes, string? Error);

/// <summary><c>usage --json</c>: <c>{ "paths": { "data": { ... } } }</c>.</summary>
internal sealed record UsageOutput(IReadOnlyDictionary<string, UsageEntry> Paths);

/// <summary>One target of <c>mounts --json</c>.</summary>
internal sealed record MountTarget(string Target, string? MountPoint, string? FsType, string? Source, bool? ReadOnly);

/// <summary><c>mounts --json</c>: <c>{ "targets": [ ... ] }</c>.</summary>
internal sealed record MountsOutput(IReadOnlyList<MountTarget> Targets);

/// <summary>
/// One removed (or, in a dry run, removable) session. A name that is not UTF-8 shows U+FFFD in <c>path</c>, and its
/// exact bytes, base64, in <c>pathBytes</c> (absent otherwise).
/// </summary>
internal sealed record SweptOutputSession(
    string Path,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PathBytes,
    long Bytes,
    DateTimeOffset LastModified);

/// <summary>One <c>session_*</c> entry a sweep left alone, whole or in part, with the reason.</summary>
internal sealed record SkippedOutputSession(
    string Path,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PathBytes,
    string Reason,
    long BytesFreed);

/// <summary><c>sessions sweep --json</c>: <c>removed</c> counts only sessions removed whole; <c>bytesFreed</c> what really went.</summary>
internal sealed record SweepOutput(bool DryRun, int Removed, long BytesFreed, int Skipped, IReadOnlyList<SweptOutputSession> Sessions,
    IReadOnlyList<SkippedOutputSession> SkippedSessions);

/// <summary><c>health --json</c>: the status, its description and each role's report.</summary>
internal sealed record HealthOutput(string Status, string Description, IReadOnlyDictionary<string, Reporting.PathReport> Paths,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Reporting.LayerReport? Layer = null);

/// <summary>One directory of <c>layer --json</c>: what the container wrote there, the role it most likely belongs to and the fix.</summary>
internal sealed record LayerOutputGroup(string Directory, long Files, long Bytes, DateTimeOffset Newest, string? Role, string? Variable, string? Meant, bool? MeantMounted, string Fix);

/// <summary>
/// <c>layer --json</c>: whether this is a container and what said so, when it was created and what said so (null: not
/// known, nothing read), whether anything is at risk, the totals, the groups (largest first), what was left out and
/// what could not be read.
/// </summary>
internal sealed record LayerOutput(bool InContainer, string ContainerSignal, string? CreatedSignal, DateTimeOffset? Created, bool AtRisk, long Files, long Bytes,
    IReadOnlyList<LayerOutputGroup> Groups, long IgnoredFiles, long IgnoredBytes, long Unreadable);

/// <summary>One finding of <c>audit --json</c>.</summary>
internal sealed record AuditFinding(string Severity, string Code, string? Variable, string Message, string Fix);

/// <summary>One directory of a container's layer in <c>audit --json</c>: entries the engine's change list names there (it gives no sizes).</summary>
internal sealed record AuditLayerGroup(string Directory, long Entries, string? Role, string? Variable, string? Meant, bool? MeantMounted, string Fix);

/// <summary>One container of <c>audit --json</c>.</summary>
internal sealed record AuditContainer(string Name, string Service, long? SizeRw, bool AtRisk, IReadOnlyList<AuditFinding> Findings, IReadOnlyList<AuditLayerGroup> Layer);

/// <summary><c>audit --json</c>: the engine's socket, whether anything is at risk, each container.</summary>
internal sealed record AuditOutput(string Engine, bool AtRisk, IReadOnlyList<AuditContainer> Containers);

/// <summary>Any failure, in <c>--json</c> mode: <c>{ "error": "...", "exitCode": 2 }</c>.</summary>
internal sealed record ErrorOutput(string Error, int ExitCode);

/// <summary>The tool's JSON shapes, source-generated (trim and NativeAOT safe), camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(UsageOutput))]
[JsonSerializable(typeof(MountsOutput))]
[JsonSerializable(typeof(SweepOutput))]
[JsonSerializable(typeof(HealthOutput))]
[JsonSerializable(typeof(LayerOutput))]
[JsonSerializable(typeof(AuditOutput))]
[JsonSerializable(typeof(ErrorOutput))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>Text as it is: a terminal is not HTML, so quotes and accents need no escaping.</summary>
    internal static CliJsonContext Readable { get; } = new(Reporting.ReportJsonContext.ReadableOptions());
}
