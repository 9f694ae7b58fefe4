using Callytics.Paths.Configuration;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting;

/// <summary>
/// What the rules read of one workload, whatever file it came from: a compose service, or one container of a
/// Kubernetes pod template. Its Callytics variables (resolved by the reader) and its mounts.
/// </summary>
public sealed class Workload(string subject, string? container, SourcePosition position)
{
    /// <summary>The compose service, or the Kubernetes <c>Kind/name</c>.</summary>
    internal string Subject { get; } = subject;

    /// <summary>The Kubernetes container, or null for compose.</summary>
    internal string? Container { get; } = container;

    /// <summary>Where the workload is declared (the service's name, the container's name).</summary>
    internal SourcePosition Position { get; } = position;

    /// <summary>The environment, by name.</summary>
    public Dictionary<string, WorkloadVariable> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>The mounts, by normalized target (a later mount at one target replaces the earlier).</summary>
    public Dictionary<string, WorkloadMount> Mounts { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Where the workload's root filesystem is made read-only (compose's <c>read_only: true</c>), or null: a path the
    /// service writes outside every mount is then refused (EROFS), not lost.
    /// </summary>
    public SourcePosition? ReadOnlyRoot { get; init; }

    /// <summary>The mount holding <paramref name="path"/>: the one with the longest target that contains it, or null.</summary>
    public WorkloadMount? Holder(string path) => Mounts.Values.Where(m => m.Holds(path)).MaxBy(m => m.Target.Length);

    /// <summary>A mounted directory <paramref name="path"/> was probably meant to be: same parent, same name but for a leading dot, case or a typo.</summary>
    internal string? ProbablyMeant(string path) =>
        MountGuess.ProbablyMeant(path, Mounts.Values.Where(m => m.Storage is not (MountStorage.Tmpfs or MountStorage.ProjectedData)).Select(m => m.Target));

    /// <summary>A container path normalized as the library does (<c>..</c>, <c>.</c>, doubled slashes).</summary>
    public static string Normalize(string path) => PathNormalizer.Normalize(path, "/");
}
