namespace Callytics.Paths.Mounts;

/// <summary>How strictly paths must lie on volumes (<c>CALLYTICS_MOUNT_CHECK</c>).</summary>
public enum MountCheckMode
{
    /// <summary>Enforce inside a container, check nothing elsewhere (the default).</summary>
    Auto,

    /// <summary>A writable role outside every volume is an error: its data would vanish with the container.</summary>
    Enforce,

    /// <summary>Every mount error is reported as a warning; the service starts.</summary>
    Warn,

    /// <summary>Mounts are not checked.</summary>
    Off,
}
