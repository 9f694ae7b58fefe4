using Callytics.Paths.Configuration;
using Callytics.Paths.Interop;
using Callytics.Paths.Mounts;
using Callytics.Paths.Rules;

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
        bool skipProbe = false;
        foreach ((PathRule rule, FindingSeverity ruleSeverity) in PathRuleCatalog.Judge(layout.Role, layout.Writes, LandingOf(holder, singleFile: false)))
        {
            FindingSeverity severity = Relaxed(ruleSeverity);
            if (rule == PathRuleCatalog.NotOnVolume)
            {
                findings.Add(NotOnVolume(layout.Variable, path, _mounts.Resolve(path), rule.ConsequenceFor(layout.Role), $"./{layout.DefaultName}", severity));
                mayCreate = severity != FindingSeverity.Error;
            }
            else if (rule == PathRuleCatalog.ReadOnlyMount)
            {
                findings.Add(ReadOnly(layout.Variable, path, holder, rule.ConsequenceFor(layout.Role), severity));
                skipProbe = severity == FindingSeverity.Error;
                mayCreate = _mounts.IsOnVolume(holder) || severity != FindingSeverity.Error;
            }
            else if (rule == PathRuleCatalog.NotPersistent)
            {
                findings.Add(NotPersistentFinding(layout.Variable, path, holder!, rule.ConsequenceFor(layout.Role), severity));
            }
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
                FindingMessages.DatabaseDirectoryMount(variable, file, FindingMessages.Describe(fileHolder!), MoveIntoDataDirectory(directory, dataDirectory, Path.GetFileName(file)))));
            return (mayCreate, false);
        }

        MountEntry? holder = fileIsMountPoint ? fileHolder : directoryHolder;
        bool skipProbe = false;
        string name = Path.GetFileName(file);
        foreach ((PathRule rule, FindingSeverity ruleSeverity) in PathRuleCatalog.Judge(PathRole.Database, !readOnly, LandingOf(holder, fileIsMountPoint && directoryHolder?.Id != fileHolder!.Id)))
        {
            FindingSeverity severity = Relaxed(ruleSeverity);
            string consequence = rule.ConsequenceFor(PathRole.Database);
            if (rule == PathRuleCatalog.DatabaseNotOnVolume)
            {
                string resolvedFile = located != file ? located : _mounts.Resolve(file);
                findings.Add(new PathFinding(severity, rule.RuntimeCode, variable, file,
                    FindingMessages.DatabaseNotOnVolume(variable, file, resolvedFile, directory, consequence, MoveIntoDataDirectory(directory, dataDirectory, name))));
                mayCreate = severity != FindingSeverity.Error;
            }
            else if (rule == PathRuleCatalog.DatabaseSingleFileMount)
            {
                findings.Add(new PathFinding(severity, rule.RuntimeCode, variable, file,
                    FindingMessages.DatabaseSingleFileMount(variable, file, directory, _mounts.IsOnVolume(directoryHolder), consequence, MoveIntoDataDirectory(directory, dataDirectory, name))));
            }
            else if (rule == PathRuleCatalog.NotPersistent)
            {
                findings.Add(NotPersistentFinding(variable, file, holder!, consequence, severity));
            }
            else if (rule == PathRuleCatalog.ReadOnlyMount)
            {
                findings.Add(ReadOnly(variable, fileIsMountPoint ? file : directory, holder, consequence, severity));
                skipProbe = severity == FindingSeverity.Error;
            }
        }

        if (holder is not null && _mounts.IsOnVolume(holder))
        {
            string type = holder.FileSystemType;
            if (Array.IndexOf(NetworkFileSystems, type) >= 0 || type.StartsWith("fuse.", StringComparison.Ordinal))
            {
                findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.DatabaseOnNetworkFileSystem, variable, file,
                    FindingMessages.DatabaseOnNetworkFileSystem(variable, file, type, FindingMessages.Describe(holder))));
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

    /// <summary>Where a path held by <paramref name="holder"/> lands, in the rules' one view.</summary>
    private PathLanding LandingOf(MountEntry? holder, bool singleFile) =>
        !_mounts.IsOnVolume(holder)
            ? PathLanding.ContainerLayer(readOnlyRoot: holder is { IsReadOnly: true })
            : PathLanding.Volume(persists: !IsEphemeral(holder!), readOnly: holder!.IsReadOnly, singleFile, survivesRestart: IsEmptyDir(holder!));

    /// <summary>Whether what is written on <paramref name="holder"/> goes away with the container or the pod: tmpfs, ramfs, a Kubernetes emptyDir.</summary>
    private static bool IsEphemeral(MountEntry holder) =>
        holder.FileSystemType is "tmpfs" or "ramfs" || IsEmptyDir(holder);

    private static bool IsEmptyDir(MountEntry holder) => holder.Root.Contains("kubernetes.io~empty-dir", StringComparison.Ordinal);

    private static PathFinding NotPersistentFinding(string variable, string path, MountEntry holder, string consequence, FindingSeverity severity) =>
        new(severity, FindingCodes.NotPersistent, variable, path,
            FindingMessages.NotPersistent(variable, path, holder.FileSystemType, holder.MountPoint, IsEmptyDir(holder), consequence));

    private PathFinding NotOnVolume(string variable, string path, string resolved, string consequence, string hostFolder, FindingSeverity severity) =>
        new(severity, FindingCodes.NotOnVolume, variable, path,
            FindingMessages.NotOnVolume(variable, path, resolved, ProbablyMeant(path), hostFolder, consequence));

    private PathFinding ReadOnly(string variable, string path, MountEntry? holder, string consequence, FindingSeverity severity) =>
        new(severity, FindingCodes.ReadOnlyMount, variable, path, _mounts.IsOnVolume(holder)
            ? FindingMessages.ReadOnlyVolume(variable, path, FindingMessages.Describe(holder!), holder!.MountPoint, consequence)
            : FindingMessages.ReadOnlyRoot(variable, path, holder is null ? null : FindingMessages.Describe(holder), consequence));

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

    /// <summary>The fix that moves a database into a mounted directory of its own (<see cref="FindingMessages.MoveIntoDataDirectory"/>).</summary>
    private string MoveIntoDataDirectory(string directory, string? dataDirectory, string name) =>
        FindingMessages.MoveIntoDataDirectory(
            dataDirectory is not null && dataDirectory != directory && _mounts.IsOnVolume(_mounts.FindMount(dataDirectory)) ? dataDirectory : null,
            dataDirectory ?? "/app/data",
            name);
}
