namespace Callytics.Paths.Linting;

/// <summary>One mount of a workload.</summary>
/// <param name="Target">The container path, normalized.</param>
/// <param name="Storage">What backs it.</param>
/// <param name="ReadOnly">Whether the workload mounts it read-only (always, for <see cref="MountStorage.ProjectedData"/>).</param>
/// <param name="Position">Where it is written (a compose volume entry, a Kubernetes volumeMount).</param>
/// <param name="Source">The source as written, for messages: <c>./data</c>, <c>claim data</c>, <c>emptyDir cache</c>.</param>
/// <param name="ShareKey">What identifies the storage across workloads (an absolute host path, a claim), or null.</param>
public sealed record WorkloadMount(string Target, MountStorage Storage, bool ReadOnly, SourcePosition Position, string Source, string? ShareKey)
{
    /// <summary>Whether what is written under the mount outlives the container (and, for Kubernetes, the pod).</summary>
    internal bool Persists => Storage is MountStorage.HostPath or MountStorage.Volume or MountStorage.Other;

    /// <summary>Whether <paramref name="path"/> lies at or under the mount's target (whole components).</summary>
    internal bool Holds(string path) => Holds(Target, path);

    /// <summary>Whether <paramref name="path"/> lies at or under <paramref name="target"/> (whole components: <c>/data</c> does not hold <c>/database</c>).</summary>
    internal static bool Holds(string target, string path) =>
        target == "/" || path == target || path.StartsWith(target.TrimEnd('/') + "/", StringComparison.Ordinal);
}
