namespace Callytics.Paths.Rules;

/// <summary>
/// Where one role's path lands, the one view every rule reads: the mount holding it (or the container's own layer),
/// whether what is written there outlives the container, and whether it can be written. A running container's
/// mount table and a workload read from a compose file or a manifest are each reduced to this before a rule looks.
/// </summary>
/// <param name="OnVolume">Whether a mount other than the container's root holds the path.</param>
/// <param name="Persists">Whether what is written there outlives the container (false for tmpfs, ramfs, emptyDir and the container layer).</param>
/// <param name="ReadOnly">Whether the holder is read-only: a read-only volume, or the container's root made read-only.</param>
/// <param name="SingleFile">Whether the path is itself the target of a single-file mount (a database file bind-mounted alone).</param>
/// <param name="SurvivesRestart">
/// Whether what is written there survives a restart of the container, though not its removal: a Kubernetes emptyDir
/// lives as long as the pod; a tmpfs and the container layer do not.
/// </param>
public sealed record PathLanding(bool OnVolume, bool Persists, bool ReadOnly, bool SingleFile, bool SurvivesRestart)
{
    /// <summary>The container's own writable layer (or its root made read-only).</summary>
    public static PathLanding ContainerLayer(bool readOnlyRoot) => new(OnVolume: false, Persists: false, ReadOnly: readOnlyRoot, SingleFile: false, SurvivesRestart: true);

    /// <summary>A mount other than the container's root.</summary>
    public static PathLanding Volume(bool persists, bool readOnly, bool singleFile = false, bool survivesRestart = true) =>
        new(OnVolume: true, persists, readOnly, singleFile, persists || survivesRestart);
}
