namespace Callytics.Paths.Linting;

/// <summary>What backs a mount, as far as the rules care: whether it persists, and whether it can be written.</summary>
public enum MountStorage
{
    /// <summary>A host directory or file: a compose bind, a Kubernetes <c>hostPath</c>.</summary>
    HostPath,

    /// <summary>A volume that outlives the container: a compose named or anonymous volume, a PersistentVolumeClaim.</summary>
    Volume,

    /// <summary>A compose <c>tmpfs</c>: in memory, gone when the container stops.</summary>
    Tmpfs,

    /// <summary>A Kubernetes <c>emptyDir</c> on the node's disk: gone with the pod.</summary>
    EmptyDir,

    /// <summary>A Kubernetes <c>emptyDir</c> with <c>medium: Memory</c>: a tmpfs, gone with the pod, counted against the memory limit.</summary>
    MemoryEmptyDir,

    /// <summary>Data the platform projects and keeps read-only: <c>configMap</c>, <c>secret</c>, <c>downwardAPI</c>, <c>projected</c>.</summary>
    ProjectedData,

    /// <summary>Anything else (an ephemeral or driver volume the rules know nothing about).</summary>
    Other,
}
