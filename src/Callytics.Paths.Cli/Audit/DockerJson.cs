using System.Text.Json.Serialization;

namespace Callytics.Paths.Cli.Audit;

/// <summary>One container of <c>GET /containers/json?size=true</c>: what the audit reads of it.</summary>
internal sealed record ContainerSummary(string Id, IReadOnlyList<string>? Names, IReadOnlyDictionary<string, string>? Labels, long? SizeRw);

/// <summary>The part of <c>GET /containers/{id}/json</c> the audit reads: its name, its real environment (the image's ENV included) and labels, its mounts, whether its root is read-only.</summary>
internal sealed record ContainerInspect(string? Name, ContainerConfig? Config, IReadOnlyList<ContainerMount>? Mounts, ContainerHostConfig? HostConfig);

/// <summary>A container's configuration: <c>Env</c> as <c>NAME=value</c>, the labels.</summary>
internal sealed record ContainerConfig(IReadOnlyList<string>? Env, IReadOnlyDictionary<string, string>? Labels);

/// <summary>One mount as the engine reports it: <c>bind</c>, <c>volume</c> or <c>tmpfs</c>, where from, where to, writable or not.</summary>
internal sealed record ContainerMount(string? Type, string? Name, string? Source, string? Destination, bool RW);

/// <summary>
/// The host configuration the audit reads: whether the root filesystem is read-only, and the tmpfs mounts made by
/// <c>docker run --tmpfs</c> or compose's <c>tmpfs:</c> key (target → options), which the engine does not list among
/// <c>Mounts</c>.
/// </summary>
internal sealed record ContainerHostConfig(bool ReadonlyRootfs, IReadOnlyDictionary<string, string>? Tmpfs);

/// <summary>One entry of <c>GET /containers/{id}/changes</c> (what <c>docker diff</c> prints): 0 changed, 1 added, 2 deleted.</summary>
internal sealed record ContainerChange(string Path, int Kind);

/// <summary>The Engine API's shapes and the <c>filters</c> query parameter's, source-generated (trim and NativeAOT safe); the API writes its names in PascalCase.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(List<ContainerChange>))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
