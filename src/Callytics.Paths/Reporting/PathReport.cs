namespace Callytics.Paths.Reporting;

/// <summary>Every fact about one path of the layout: what the services' old check printed, and more.</summary>
public sealed class PathReport
{
    /// <summary>Gets the variable that sets it, for example <c>TEMP_DIR</c>.</summary>
    public required string Variable { get; init; }

    /// <summary>Gets whether the service uses this role (<c>CALLYTICS_ROLES</c>); an unused role is listed with no facts and no problems.</summary>
    public bool Used { get; init; } = true;

    /// <summary>Gets the path (for the database, the file; for a server or in-memory database, the masked URL).</summary>
    public required string Path { get; init; }

    /// <summary>Gets whether it exists, or <see langword="null"/> when there is nothing on disk to look at.</summary>
    public bool? Exists { get; init; }

    /// <summary>Gets <c>directory</c>, <c>file</c>, <c>other</c>, or <see langword="null"/> when it does not exist.</summary>
    public string? Type { get; init; }

    /// <summary>Gets whether this process can write there (a real probe for the roles that write; the kernel's access check for the others).</summary>
    public bool? Writable { get; init; }

    /// <summary>Gets the size in bytes of the database file, or <see langword="null"/>.</summary>
    public long? Size { get; init; }

    /// <summary>Gets whether it is on a volume (held by a mount other than the root mount), or <see langword="null"/> when the mount table is unknown.</summary>
    public bool? Mounted { get; init; }

    /// <summary>Gets the mount point of the mount holding it.</summary>
    public string? MountPoint { get; init; }

    /// <summary>Gets the filesystem type of the mount holding it.</summary>
    public string? FsType { get; init; }

    /// <summary>Gets whether the mount holding it is read-only.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary>Gets the bytes an unprivileged user may still write on its filesystem.</summary>
    public long? FreeBytes { get; init; }

    /// <summary>Gets the size of its filesystem in bytes.</summary>
    public long? TotalBytes { get; init; }

    /// <summary>Gets its problems, errors first.</summary>
    public required IReadOnlyList<ProblemReport> Problems { get; init; }

    /// <summary>This path's report with other problems (the facts kept).</summary>
    internal PathReport WithProblems(IReadOnlyList<ProblemReport> problems) => new()
    {
        Variable = Variable,
        Used = Used,
        Path = Path,
        Exists = Exists,
        Type = Type,
        Writable = Writable,
        Size = Size,
        Mounted = Mounted,
        MountPoint = MountPoint,
        FsType = FsType,
        ReadOnly = ReadOnly,
        FreeBytes = FreeBytes,
        TotalBytes = TotalBytes,
        Problems = problems,
    };
}
