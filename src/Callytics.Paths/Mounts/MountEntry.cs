namespace Callytics.Paths.Mounts;

/// <summary>One line of <c>/proc/self/mountinfo</c> (proc(5)): a mount as the kernel describes it.</summary>
public sealed record MountEntry
{
    /// <summary>Gets the unique id of the mount (may be reused after umount).</summary>
    public required int Id { get; init; }

    /// <summary>Gets the id of the parent mount (or of self for the root of this mount namespace's tree).</summary>
    public required int ParentId { get; init; }

    /// <summary>Gets the major device number of the filesystem (<c>st_dev</c>).</summary>
    public required int Major { get; init; }

    /// <summary>Gets the minor device number of the filesystem (<c>st_dev</c>).</summary>
    public required int Minor { get; init; }

    /// <summary>Gets the pathname of the directory in the filesystem that forms the root of this mount (a bind mount's source inside its filesystem).</summary>
    public required string Root { get; init; }

    /// <summary>Gets the pathname of the mount point relative to the process's root directory.</summary>
    public required string MountPoint { get; init; }

    /// <summary>Gets the per-mount options, for example <c>rw,nosuid,relatime</c>.</summary>
    public required string MountOptions { get; init; }

    /// <summary>Gets the optional fields, for example <c>shared:1</c> or <c>master:2</c>.</summary>
    public required IReadOnlyList<string> OptionalFields { get; init; }

    /// <summary>Gets the filesystem type, for example <c>ext4</c>, <c>overlay</c> or <c>fuse.sshfs</c>.</summary>
    public required string FileSystemType { get; init; }

    /// <summary>Gets the filesystem-specific source, for example <c>/dev/sda1</c>, <c>tmpfs</c> or <c>server:/export</c>; may be empty.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the per-superblock options, as written (values may be quoted and hold commas).</summary>
    public required string SuperOptions { get; init; }

    /// <summary>Gets whether this mount is read-only (<c>ro</c> among the per-mount options).</summary>
    public bool IsReadOnly => MountOptions.Split(',').Contains("ro", StringComparer.Ordinal);
}
