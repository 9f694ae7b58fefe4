namespace Callytics.Paths.Validation;

/// <summary>The stable codes of <see cref="PathFinding"/>. A code never changes meaning once released.</summary>
public static class FindingCodes
{
    /// <summary>Information: the checks need Linux and were skipped on this system.</summary>
    public const string NotCheckedOnThisSystem = "CP000";

    /// <summary>Error: the value is empty or only white space.</summary>
    public const string ValueEmpty = "CP001";

    /// <summary>Error: the value holds a NUL or another control character.</summary>
    public const string ValueControlCharacter = "CP002";

    /// <summary>Error: the value is a Windows path (<c>C:\x</c>, <c>C:/x</c>, <c>\\server\share</c>) on Linux.</summary>
    public const string ValueWindowsPath = "CP003";

    /// <summary>Error: the value starts with <c>~</c>, which nothing expands.</summary>
    public const string ValueTilde = "CP004";

    /// <summary>Error: the value is longer than the system allows (4095 bytes, or 255 bytes for one name).</summary>
    public const string ValueTooLong = "CP005";

    /// <summary>Warning: the value was relative and was resolved against the working directory.</summary>
    public const string RelativePath = "CP006";

    /// <summary>Error: a directory variable holds a URL (<c>scheme://...</c>), not a path.</summary>
    public const string ValueIsUrl = "CP008";

    /// <summary>Error: <c>CALLYTICS_MOUNT_CHECK</c> is not one of auto, enforce, warn, off (enforce is used meanwhile).</summary>
    public const string MountCheckInvalid = "CP007";

    /// <summary>Error: <c>CALLYTICS_ROLES</c> names a key that is not a role (it selects nothing).</summary>
    public const string RolesInvalid = "CP009";

    /// <summary>Error: <c>CALLYTICS_LAYER_CHECK</c> is not on or off (on is used meanwhile).</summary>
    public const string LayerCheckInvalid = "CP011";

    /// <summary>Information: a role's variable is set while the service does not use the role (<c>CALLYTICS_ROLES</c>); it is not checked.</summary>
    public const string RoleNotUsed = "CP010";

    /// <summary>Information: the directory was missing and has been created.</summary>
    public const string DirectoryCreated = "CP101";

    /// <summary>Warning: the directory is missing (reported without creating it).</summary>
    public const string DirectoryMissing = "CP102";

    /// <summary>Error: the directory is missing and could not be created.</summary>
    public const string DirectoryCreateFailed = "CP103";

    /// <summary>Error: something that is not a directory stands where the directory must be.</summary>
    public const string NotADirectory = "CP104";

    /// <summary>Error: the path cannot be reached (a parent is not searchable, or a link loops).</summary>
    public const string PathUnreachable = "CP105";

    /// <summary>Error: the directory cannot be read or listed.</summary>
    public const string NotReadable = "CP201";

    /// <summary>Error: writing a probe file failed: permission denied.</summary>
    public const string WritePermissionDenied = "CP202";

    /// <summary>Error: writing a probe file failed: the filesystem is read-only.</summary>
    public const string ReadOnlyFileSystem = "CP203";

    /// <summary>Error: writing a probe file failed: no space (or quota) left.</summary>
    public const string NoSpaceLeft = "CP204";

    /// <summary>Error: writing a probe file failed for another reason, named in the message.</summary>
    public const string WriteFailed = "CP205";

    /// <summary>Warning: the directory is world-writable without the sticky bit.</summary>
    public const string WorldWritable = "CP206";

    /// <summary>Error: <c>DATABASE_URL</c> cannot be parsed, or is a sqlite URL with a user, password, host or port.</summary>
    public const string DatabaseUrlInvalid = "CP301";

    /// <summary>Warning: the sqlite URL has three slashes, so its path is relative to the working directory.</summary>
    public const string DatabaseRelativePath = "CP302";

    /// <summary>Error: a directory stands at the database path (Docker makes one when a bind mount's host file is missing).</summary>
    public const string DatabaseIsDirectory = "CP303";

    /// <summary>Error: the database path exists but is not a regular file.</summary>
    public const string DatabaseNotRegularFile = "CP304";

    /// <summary>Error: the database file exists but cannot be read and written by this process.</summary>
    public const string DatabaseNotAccessible = "CP305";

    /// <summary>Information: the database is a server (not checked on disk) or in memory (no file).</summary>
    public const string DatabaseNotOnDisk = "CP306";

    /// <summary>Information: whether this is a container, the signal that decided, and the mount check in force.</summary>
    public const string MountCheckStatus = "CP500";

    /// <summary>
    /// The path is not on a volume: it lives in the container's writable layer. Error for temp, logs, data and the
    /// database under enforce (their data vanishes with the container), warning for cache and audio, information for config.
    /// </summary>
    public const string NotOnVolume = "CP501";

    /// <summary>
    /// Error: the mount holding a path the service writes is read-only, or the path is in no volume under a read-only
    /// root filesystem (the write is refused, nothing is lost: this finding alone, not <see cref="NotOnVolume"/>).
    /// </summary>
    public const string ReadOnlyMount = "CP502";

    /// <summary>
    /// Warning: data, the database or logs are on tmpfs, ramfs or a Kubernetes emptyDir, or the cache on tmpfs or
    /// ramfs (emptied on every restart): mounted, but not persistent. Temp is never flagged (temp files may be lost).
    /// </summary>
    public const string NotPersistent = "CP503";

    /// <summary>Warning: the database is on a network or FUSE filesystem, where SQLite's locking and WAL are unsafe.</summary>
    public const string DatabaseOnNetworkFileSystem = "CP504";

    /// <summary>Warning: the database is bind-mounted as a single file; its -journal, -wal and -shm files land beside it, off the volume.</summary>
    public const string DatabaseSingleFileMount = "CP505";

    /// <summary>Error: the database path is a directory that is itself a bind mount (Docker created it for a missing host file).</summary>
    public const string DatabaseDirectoryMount = "CP506";

    /// <summary>Warning: the mount table could not be read, so volumes were not checked.</summary>
    public const string MountTableUnreadable = "CP507";

    /// <summary>
    /// Warning (health): the container has written files into its own writable layer since it was created (a path the
    /// code hard-codes, such as <c>/app/.temp</c>): they are lost when the container is recreated. Names the largest
    /// directory, the role it most likely belongs to and the fix.
    /// </summary>
    public const string DataInContainerLayer = "CP510";

    /// <summary>Warning (health): free space below the Degraded threshold, by default max(10%, 1 GiB).</summary>
    public const string FreeSpaceLow = "CP601";

    /// <summary>Error (health): free space below the Unhealthy threshold, by default max(2%, 100 MiB).</summary>
    public const string FreeSpaceCritical = "CP602";

    /// <summary>Error (health): the path is held by a different mount than at start (a volume went away or was replaced).</summary>
    public const string MountChanged = "CP603";

    /// <summary>Error (health): the directory existed at start and is gone.</summary>
    public const string DirectoryVanished = "CP604";
}
