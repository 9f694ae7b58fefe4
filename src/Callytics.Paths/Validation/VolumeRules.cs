using Callytics.Paths.Configuration;
using Callytics.Paths.Interop;
using Callytics.Paths.Mounts;

namespace Callytics.Paths.Validation;

/// <summary>
/// The container rules: a path is on a volume when the mount holding it is not the container's root mount. Severity
/// follows what is at stake (data loss, slowness, nothing), and <see cref="MountCheckMode.Warn"/> turns every error
/// into a warning.
/// </summary>
internal sealed class VolumeRules
{
    private static readonly string[] SystemMountPrefixes = ["/proc", "/sys", "/dev", "/run", "/etc", "/var/run", "/usr", "/lib", "/bin", "/sbin"];
    private static readonly string[] NetworkFileSystems = ["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "virtiofs", "fuse", "ceph", "glusterfs"];

    private readonly MountTable _mounts;
    private readonly MountCheckMode _mode;
    private readonly StatusCache? _statuses;

    internal VolumeRules(MountTable mounts, MountCheckMode mode, StatusCache? statuses = null)
    {
        _mounts = mounts;
        _mode = mode;
        _statuses = statuses;
    }

    /// <summary>
    /// Checks one directory role. Returns whether the directory may be created where it is (under enforce, a
    /// missing temp, logs or data directory is never created in the container layer) and whether its write probe
    /// should be skipped (its read-only mount is already reported as an error).
    /// </summary>
    internal (bool MayCreate, bool SkipWriteProbe) CheckDirectory(RoleLayout layout, string path, List<PathFinding> findings)
    {
        MountEntry? holder = Locate(path);
        bool mayCreate = true;
        if (!_mounts.IsOnVolume(holder))
        {
            FindingSeverity severity = layout.Role switch
            {
                PathRole.Temp or PathRole.Logs or PathRole.Data => Relaxed(FindingSeverity.Error),
                PathRole.Config => FindingSeverity.Information,
                _ => FindingSeverity.Warning,
            };
            string consequence = layout.Role switch
            {
                PathRole.Temp => "session files written there live in the container's writable layer and vanish when the container is recreated",
                PathRole.Logs => "logs written there vanish when the container is recreated",
                PathRole.Data => "data written there vanishes when the container is recreated",
                PathRole.Cache => "the cache is lost on every restart, so the work is redone (slower, not data loss)",
                PathRole.Audio => "the service sees only what the image holds, not the host's input audio",
                _ => "the configuration comes from the image, not from the host",
            };
            findings.Add(NotOnVolume(layout.Variable, path, _mounts.Resolve(path), consequence, $"./{layout.DefaultName}", severity));
            mayCreate = severity != FindingSeverity.Error;
        }

        bool skipProbe = false;
        if (layout.Writes && holder is { IsReadOnly: true })
        {
            FindingSeverity severity = Relaxed(FindingSeverity.Error);
            findings.Add(ReadOnly(layout.Variable, path, holder, severity));
            skipProbe = severity == FindingSeverity.Error;
        }

        if (layout.Role == PathRole.Data && holder is not null && _mounts.IsOnVolume(holder))
        {
            AddIfNotPersistent(layout.Variable, path, holder, findings);
        }

        return (mayCreate, skipProbe);
    }

    /// <summary>
    /// Checks the database file and its directory. Returns whether its directory may be created and whether its
    /// write probe should be skipped, as <see cref="CheckDirectory"/> does.
    /// </summary>
    internal (bool MayCreate, bool SkipWriteProbe) CheckDatabase(string file, bool readOnly, string? dataDirectory, List<PathFinding> findings)
    {
        const string variable = CallyticsPathsVariables.DatabaseUrl;
        string directory = Path.GetDirectoryName(file) ?? "/";

        // The database file's own link decides where its data lives, as a directory's link does for a directory: a
        // link on the data volume pointing into the container layer (or nowhere) keeps nothing on the volume.
        string located = LinkTargetOf(file) ?? file;
        string locatedDirectory = Path.GetDirectoryName(located) ?? "/";
        MountEntry? fileHolder = Locate(located);
        MountEntry? directoryHolder = Locate(locatedDirectory);

        // A file held by another mount than its own directory is itself a mount point: a single-file bind mount.
        bool fileIsMountPoint = fileHolder is not null && fileHolder.Id != directoryHolder?.Id && _mounts.IsOnVolume(fileHolder);
        bool mayCreate = true;

        if (fileIsMountPoint && Directory.Exists(file))
        {
            findings.Add(new PathFinding(Relaxed(FindingSeverity.Error), FindingCodes.DatabaseDirectoryMount, variable, file,
                $"{variable} names {file}, but a directory is bind-mounted there (from {Describe(fileHolder!)}): Docker creates a directory on the host when the host file of a bind mount does not exist, so the database cannot be created.",
                $"Stop the service, remove the empty host directory Docker made, then: {MoveIntoDataDirectory(directory, dataDirectory, Path.GetFileName(file))} (Or create the host file first with `touch`; a single-file mount is still CP505.)"));
            return (mayCreate, false);
        }

        if (!_mounts.IsOnVolume(fileHolder) && !_mounts.IsOnVolume(directoryHolder))
        {
            FindingSeverity severity = Relaxed(FindingSeverity.Error);
            string fix = MoveIntoDataDirectory(directory, dataDirectory, Path.GetFileName(file));
            string resolvedFile = located != file ? located : _mounts.Resolve(file);
            string where = resolvedFile == file ? string.Empty : $" (it resolves to {resolvedFile})";
            findings.Add(new PathFinding(severity, FindingCodes.NotOnVolume, variable, file,
                $"{variable} database {file}{where} is not on a volume (neither the file nor its directory {directory} is mounted): it lives in the container's writable layer and vanishes when the container is recreated.",
                fix));
            mayCreate = severity != FindingSeverity.Error;
        }

        if (fileIsMountPoint && directoryHolder?.Id != fileHolder!.Id)
        {
            findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.DatabaseSingleFileMount, variable, file,
                $"{variable} database {file} is bind-mounted as a single file while its directory {directory} is not on that volume: the -journal, -wal and -shm files SQLite creates beside it land {(_mounts.IsOnVolume(directoryHolder) ? "on another filesystem" : "in the container layer")}, so committed WAL data is lost when the container is recreated, and containers sharing the file do not coordinate their locks.",
                $"Drop the single-file mount. {MoveIntoDataDirectory(directory, dataDirectory, Path.GetFileName(file))}"));
        }

        MountEntry? holder = fileIsMountPoint ? fileHolder : directoryHolder;
        bool skipProbe = false;
        if (!readOnly && holder is { IsReadOnly: true })
        {
            FindingSeverity severity = Relaxed(FindingSeverity.Error);
            findings.Add(ReadOnly(variable, fileIsMountPoint ? file : directory, holder, severity));
            skipProbe = severity == FindingSeverity.Error;
        }

        if (holder is not null && _mounts.IsOnVolume(holder))
        {
            AddIfNotPersistent(variable, file, holder, findings);
            string type = holder.FileSystemType;
            if (Array.IndexOf(NetworkFileSystems, type) >= 0 || type.StartsWith("fuse.", StringComparison.Ordinal))
            {
                findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.DatabaseOnNetworkFileSystem, variable, file,
                    $"{variable} database {file} is on a {type} filesystem ({Describe(holder)}): SQLite's file locking and WAL shared memory are unsafe there, so concurrent writers can corrupt it.",
                    $"Keep the database on a local disk volume (a named volume or a host directory on local disk), or use a server database."));
            }
        }

        return (mayCreate, skipProbe);
    }

    /// <summary>
    /// Where the link at <paramref name="file"/> finally points, resolved as far as it exists (a dangling link's
    /// target included); null when it is no link, or when the table is a saved one whose links are not this machine's.
    /// </summary>
    private string? LinkTargetOf(string file)
    {
        if (!_mounts.ResolvesLinks || !FileStatus.Of(file, followLinks: false).IsSymbolicLink)
        {
            return null;
        }

        try
        {
            FileSystemInfo? target = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? null : RealPath.OfLongestExistingPrefix(target.FullName);
        }
        catch (IOException)
        {
            return null; // a link loop: the checks that follow report the file as they find it
        }
    }

    private MountEntry? Locate(string path) => _statuses is null ? _mounts.Locate(path) : _mounts.Locate(path, _statuses.Of);

    private static void AddIfNotPersistent(string variable, string path, MountEntry holder, List<PathFinding> findings)
    {
        bool emptyDir = holder.Root.Contains("kubernetes.io~empty-dir", StringComparison.Ordinal);
        if (holder.FileSystemType is "tmpfs" or "ramfs" || emptyDir)
        {
            string what = emptyDir ? $"a Kubernetes emptyDir ({holder.FileSystemType})" : holder.FileSystemType;
            findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.NotPersistent, variable, path,
                $"{variable} path {path} is mounted, but on {what} at {holder.MountPoint}: it is not persistent and is emptied when the {(emptyDir ? "pod" : "container")} goes away.",
                emptyDir ? "Use a PersistentVolumeClaim for it." : $"Mount a host directory or a named volume at {holder.MountPoint} instead of tmpfs."));
        }
    }

    private PathFinding NotOnVolume(string variable, string path, string resolved, string consequence, string hostFolder, FindingSeverity severity)
    {
        string? meant = ProbablyMeant(path);
        string where = resolved == path ? string.Empty : $" (it resolves to {resolved})";
        string message = meant is null
            ? $"{variable} path {path}{where} is not on a volume: {consequence}."
            : $"{variable} path {path}{where} is not on a volume, while {meant} is: {consequence}.";
        string line = $"`- {hostFolder}:{path}` under the service's volumes";
        string fix = meant is null
            ? $"Mount it: add {line}."
            : $"Did you mean {meant}? It is mounted: set {variable}={meant}. Or mount this path: add {line}.";
        return new PathFinding(severity, FindingCodes.NotOnVolume, variable, path, message, fix);
    }

    private static PathFinding ReadOnly(string variable, string path, MountEntry holder, FindingSeverity severity) =>
        new(severity, FindingCodes.ReadOnlyMount, variable, path,
            $"{variable} path {path} is on a read-only mount ({Describe(holder)}), but the service writes there.",
            AccessAdvice.ReadOnlyFix(holder.MountPoint));

    /// <summary>
    /// A mounted directory that the path was probably meant to be (<see cref="MountGuess"/>), among the mounts a
    /// service sees there: not the system's own (/proc, /sys, /dev), not one hidden under a later mount.
    /// </summary>
    private string? ProbablyMeant(string path) => MountGuess.ProbablyMeant(path, _mounts.Entries
        .Where(e => !Array.Exists(SystemMountPrefixes, p => e.MountPoint == p || e.MountPoint.StartsWith(p + "/", StringComparison.Ordinal))
            && _mounts.FindMount(e.MountPoint)?.Id == e.Id)
        .Select(e => e.MountPoint));

    private FindingSeverity Relaxed(FindingSeverity severity) =>
        _mode == MountCheckMode.Warn && severity == FindingSeverity.Error ? FindingSeverity.Warning : severity;

    /// <summary>
    /// The fix that moves a database into a mounted directory of its own: the data directory when it is mounted,
    /// otherwise a mount of <c>./data</c> at it. Never a mount of the file's current directory (<c>/app</c> for the
    /// default URL), which would hide the rest of the image's layout. The compose linter gives the same (CC105, CC106).
    /// </summary>
    private string MoveIntoDataDirectory(string directory, string? dataDirectory, string name)
    {
        const string variable = CallyticsPathsVariables.DatabaseUrl;
        string data = dataDirectory ?? "/app/data";
        return dataDirectory is not null && dataDirectory != directory && _mounts.IsOnVolume(_mounts.FindMount(dataDirectory))
            ? $"Keep it in the mounted DATA_DIR: set {variable}=sqlite:///{dataDirectory}/{name}."
            : $"Mount a directory for it and point {variable} into it: `- ./data:{data}` under the service's volumes and {variable}=sqlite:///{data}/{name}.";
    }

    private static string Describe(MountEntry mount) =>
        $"{mount.FileSystemType} mount at {mount.MountPoint}{(mount.Source.Length > 0 ? " from " + mount.Source : string.Empty)}{(mount.Root != "/" ? " " + mount.Root : string.Empty)}";
}
