using Callytics.Paths.Mounts;

namespace Callytics.Paths.Validation;

/// <summary>How <see cref="CallyticsPathsValidator"/> treats the disk.</summary>
public sealed class PathValidationSettings
{
    /// <summary>Gets or sets whether missing directories are created (start-up does; a read-only report does not). Default <see langword="true"/>.</summary>
    public bool CreateMissingDirectories { get; set; } = true;

    /// <summary>
    /// Gets or sets whether writability is proven by writing (a probe file created, written and deleted: the only
    /// proof under root, ACLs, read-only mounts or NFS squashing) or only asked of the kernel (<c>faccessat</c> and the
    /// filesystem's free space: nothing on disk changes). Default <see langword="true"/>; a read-only report sets it false.
    /// </summary>
    public bool WriteProbe { get; set; } = true;

    /// <summary>
    /// Gets or sets the directory a relative path or a three-slash SQLite URL is resolved against;
    /// <see langword="null"/> (the default) means the process working directory.
    /// </summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// Gets or sets the mount table the volume rules read; <see langword="null"/> (the default) reads this process's
    /// live table once per validation.
    /// </summary>
    public MountTable? Mounts { get; set; }

    /// <summary>Gets or sets the container status; <see langword="null"/> (the default) detects it.</summary>
    public ContainerStatus? Container { get; set; }

    /// <summary>Gets or sets what is told the variable whose path is checked next (the health check names it when the check hangs).</summary>
    public Action<string>? Checking { get; set; }

    /// <summary>
    /// Where the container signals' variables (<c>KUBERNETES_SERVICE_HOST</c>, <c>DOTNET_RUNNING_IN_CONTAINER</c>) are
    /// read when <see cref="Container"/> is not given: the tool passes the variables of its run; by default the process's.
    /// </summary>
    public Func<string, string?>? Variables { get; set; }
}
