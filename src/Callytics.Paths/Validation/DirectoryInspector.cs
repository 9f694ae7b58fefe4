using System.Globalization;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>
/// Rules 2 to 4 for one directory: it exists (or is created, mode exact whatever the umask), it is a directory, it is
/// usable for its role (a real read or write probe), and it is not world-writable without the sticky bit.
/// </summary>
/// <remarks>One inspector serves one validation run: a directory checked for two variables is probed once.</remarks>
internal sealed class DirectoryInspector
{
    private readonly Dictionary<string, bool> _inspectedForWrites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _inspectedForReads = new(StringComparer.Ordinal);
    private readonly bool _createMissing;
    private readonly bool _writeProbe;

    /// <summary>Initializes an inspector for one validation run.</summary>
    internal DirectoryInspector(bool createMissing, bool writeProbe = true)
    {
        _createMissing = createMissing;
        _writeProbe = writeProbe;
    }

    /// <summary>The identity access is checked as (read only when a message needs it).</summary>
    internal static ProcessIdentity Identity => ProcessIdentity.Current;

    /// <summary>What statx says of each path this run looked at: one call per path, forgotten when the path is created.</summary>
    internal StatusCache Statuses { get; } = new();

    /// <summary>
    /// Checks <paramref name="path"/> (absolute and normalized) for <paramref name="variable"/>, adding findings;
    /// returns whether the directory is there and usable.
    /// </summary>
    /// <param name="variable">The variable that set the path.</param>
    /// <param name="path">The directory.</param>
    /// <param name="writes">Whether the role writes there (a write probe) or only reads (a read probe).</param>
    /// <param name="createMode">The mode a missing directory is created with.</param>
    /// <param name="findings">Where findings go.</param>
    /// <param name="mayCreate">False when a missing directory must not be created here (the volume rules said why).</param>
    /// <param name="relativeValue">The value as written when it was relative: a missing directory is then an error, never created.</param>
    /// <param name="absoluteValue">The absolute value to suggest instead (a URL for DATABASE_URL); the directory itself when null.</param>
    internal bool Inspect(string variable, string path, bool writes, UnixFileMode createMode, List<PathFinding> findings, bool mayCreate = true,
        string? relativeValue = null, string? absoluteValue = null)
    {
        if (relativeValue is not null && mayCreate && _createMissing && Statuses.Of(path) is { Exists: false, Errno: Errno.ENOENT })
        {
            // Where a relative value lands depends on the directory the process was started from: creating it there
            // would silently put data wherever that happens to be (a container's working directory is its writable layer).
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DirectoryMissing, variable, path,
                FindingMessages.RelativeDirectoryMissing(variable, DisplayText.Of(relativeValue), path, absoluteValue is null ? null : DisplayText.Of(absoluteValue))));
            mayCreate = false;
        }

        Dictionary<string, bool> inspected = writes ? _inspectedForWrites : _inspectedForReads;
        if (inspected.TryGetValue(path, out bool usable))
        {
            return usable;
        }

        usable = InspectOnce(variable, path, writes, createMode, findings, mayCreate);
        inspected[path] = usable;
        return usable;
    }

    private bool InspectOnce(string variable, string path, bool writes, UnixFileMode createMode, List<PathFinding> findings, bool mayCreate)
    {
        FileStatus status = Statuses.Of(path);
        if (!status.Exists)
        {
            if (status.Errno != Errno.ENOENT)
            {
                findings.Add(Unreachable(variable, path, status.Errno));
                return false;
            }

            if (!mayCreate)
            {
                return false; // not created in the container layer: the volume finding says why
            }

            if (!_createMissing)
            {
                findings.Add(DanglingLinkOnTheWay(path) is (string link, string target)
                    ? DanglingLink(variable, path, link, target)
                    : new PathFinding(FindingSeverity.Warning, FindingCodes.DirectoryMissing, variable, path, FindingMessages.DirectoryMissing(variable, path)));
                return false;
            }

            if (!Create(variable, path, createMode, findings))
            {
                return false;
            }

            Statuses.Forget(path);
            status = Statuses.Of(path);
        }

        if (!status.IsDirectory)
        {
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.NotADirectory, variable, path, FindingMessages.NotADirectory(variable, path, status.Kind)));
            return false;
        }

        if (status.IsWorldWritableWithoutSticky)
        {
            findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.WorldWritable, variable, path, FindingMessages.WorldWritable(variable, path, status.OctalMode)));
        }

        return writes ? ProveWritable(variable, path, status, findings) : ProveReadable(variable, path, status, findings);
    }

    /// <summary>Creates <paramref name="path"/> and its missing parents with <paramref name="mode"/>, exactly (the umask is undone).</summary>
    private static bool Create(string variable, string path, UnixFileMode mode, List<PathFinding> findings)
    {
        var missing = new Stack<string>();
        string? current = path;
        while (current is not null)
        {
            FileStatus status = FileStatus.Of(current);
            if (status.Exists)
            {
                if (!status.IsDirectory)
                {
                    findings.Add(FileInTheWay(variable, path, current, status));
                    return false;
                }

                break;
            }

            if (status.Errno != Errno.ENOENT)
            {
                findings.Add(Unreachable(variable, path, status.Errno));
                return false;
            }

            missing.Push(current);
            current = Path.GetDirectoryName(current);
        }

        // Each missing directory is made relative to its parent's handle and its mode set on its own descriptor once it
        // is proven to be the one just made: a name swapped for a link in between never has a mode changed through it.
        DirectoryHandle? parent = DirectoryHandle.Open(current ?? "/", out int openErrno, followLink: true);
        if (parent is null)
        {
            findings.Add(CreateFailed(variable, path, missing.Peek(), openErrno));
            return false;
        }

        try
        {
            while (missing.TryPop(out string? directory))
            {
                uint bits = (uint)(directory == path ? mode : Configuration.RoleLayout.SharedMode);
                DirectoryHandle? child = parent.CreateChild(Path.GetFileName(directory), bits, out int errno, out _);
                if (child is null)
                {
                    findings.Add(CreateFailed(variable, path, directory, errno));
                    return false;
                }

                parent.Dispose();
                parent = child;
            }
        }
        finally
        {
            parent.Dispose();
        }

        findings.Add(new PathFinding(FindingSeverity.Information, FindingCodes.DirectoryCreated, variable, path, FindingMessages.DirectoryCreated(variable, path, mode)));
        return true;
    }

    private bool ProveWritable(string variable, string path, FileStatus status, List<PathFinding> findings)
    {
        int errno = _writeProbe ? ProbeFile.Probe(path) : AskKernel(path);
        if (errno == 0)
        {
            return true;
        }

        string lead = FindingMessages.NotWritableLead(variable, path, AccessAdvice.Cause(errno), probed: _writeProbe);
        PathFinding finding = errno switch
        {
            _ when Errno.IsPermission(errno) => PermissionFinding(FindingCodes.WritePermissionDenied, variable, path, lead, status, "u+rwx"),
            Errno.EROFS => new(FindingSeverity.Error, FindingCodes.ReadOnlyFileSystem, variable, path,
                FindingMessages.ReadOnlyFileSystemEnd(lead), AccessAdvice.ReadOnlyFix(path)),
            _ when Errno.IsNoSpace(errno) => new(FindingSeverity.Error, FindingCodes.NoSpaceLeft, variable, path,
                FindingMessages.NoSpaceLeftEnd(lead), AccessAdvice.NoSpaceFix(path)),
            _ => new(FindingSeverity.Error, FindingCodes.WriteFailed, variable, path, FindingMessages.WithDetail(lead, null),
                FindingMessages.WriteFailedFix(path)),
        };
        findings.Add(finding);
        return false;
    }

    /// <summary>Write access as the kernel answers it for this process (no file is written), and whether space is left.</summary>
    private static int AskKernel(string path)
    {
        if (Libc.FAccessAt(Libc.AtFdCwd, path, Libc.WriteOk | Libc.ExecuteOk, Libc.AtEAccess) != 0)
        {
            return Libc.LastErrno;
        }

        return Libc.StatVfs(path, out StatVfsBuffer space) == 0 && space.BlocksAvailable == 0 ? Errno.ENOSPC : 0;
    }

    private static bool ProveReadable(string variable, string path, FileStatus status, List<PathFinding> findings)
    {
        int fd = Libc.Open(path, Libc.ODirectory | Libc.OCloseOnExec, 0);
        int errno = fd < 0 ? Libc.LastErrno : 0;
        if (fd >= 0)
        {
            _ = Libc.Close(fd);

            // Listing needs search permission too: stat of "dir/." fails without it.
            FileStatus inside = FileStatus.Of(path + "/.");
            errno = inside.Exists ? 0 : inside.Errno;
        }

        if (errno == 0)
        {
            return true;
        }

        string lead = FindingMessages.NotReadableLead(variable, path, AccessAdvice.Cause(errno));
        findings.Add(Errno.IsPermission(errno)
            ? PermissionFinding(FindingCodes.NotReadable, variable, path, lead, status, "u+rx")
            : new PathFinding(FindingSeverity.Error, FindingCodes.NotReadable, variable, path, FindingMessages.WithDetail(lead, null), FindingMessages.CheckFileSystemFix(path)));
        return false;
    }

    private static PathFinding PermissionFinding(string code, string variable, string path, string lead, FileStatus status, string need)
    {
        (string detail, string fix) = AccessAdvice.Permission(Identity, variable, path, path, status, need);
        return new PathFinding(FindingSeverity.Error, code, variable, path, FindingMessages.WithDetail(lead, detail), fix);
    }

    private static PathFinding CreateFailed(string variable, string path, string directory, int errno)
    {
        string parent = Path.GetDirectoryName(directory) ?? "/";
        string lead = FindingMessages.CreateFailedLead(variable, path, directory, AccessAdvice.Cause(errno));
        if (Errno.IsPermission(errno))
        {
            (string detail, string fix) = AccessAdvice.Permission(Identity, variable, path, parent, FileStatus.Of(parent), "u+rwx");
            return new PathFinding(FindingSeverity.Error, FindingCodes.DirectoryCreateFailed, variable, path, FindingMessages.WithDetail(lead, detail), fix);
        }

        if (errno is Errno.EEXIST or Errno.ENOENT && new FileInfo(directory).LinkTarget is { } target)
        {
            // mkdir refuses a name a link holds even when the link leads nowhere: say so, not "file exists".
            return DanglingLink(variable, path, directory, target);
        }

        if (errno == Errno.ELOOP)
        {
            return new PathFinding(FindingSeverity.Error, FindingCodes.DirectoryCreateFailed, variable, path, FindingMessages.CreateRaced(variable, path, directory, parent));
        }

        string fixText = errno switch
        {
            Errno.EROFS => AccessAdvice.ReadOnlyFix(parent),
            _ when Errno.IsNoSpace(errno) => AccessAdvice.NoSpaceFix(parent),
            _ => FindingMessages.CreateFailedFix(variable, path),
        };
        return new PathFinding(FindingSeverity.Error, FindingCodes.DirectoryCreateFailed, variable, path, FindingMessages.WithDetail(lead, null), fixText);
    }

    /// <summary>
    /// Start-up cannot create <paramref name="path"/>: <paramref name="link"/> (the path itself or a directory on the way)
    /// is a symbolic link to <paramref name="target"/>, which does not exist, and a link is never replaced.
    /// </summary>
    private static PathFinding DanglingLink(string variable, string path, string link, string target) =>
        new(FindingSeverity.Error, FindingCodes.DirectoryCreateFailed, variable, path, FindingMessages.DanglingLink(variable, path, link, target));

    /// <summary>
    /// The first name on the way to a missing <paramref name="path"/> (absolute) that is a link leading nowhere, with its
    /// target; null when the path is simply missing from some point on (start-up would create it).
    /// </summary>
    internal static (string Link, string Target)? DanglingLinkOnTheWay(string path)
    {
        for (int end = path.IndexOf('/', 1); ; end = path.IndexOf('/', end + 1))
        {
            string prefix = end < 0 ? path : path[..end];
            FileStatus own = FileStatus.Of(prefix, followLinks: false);
            if (!own.Exists)
            {
                return null;
            }

            if (own.IsSymbolicLink && FileStatus.Of(prefix).Errno == Errno.ENOENT)
            {
                return new FileInfo(prefix).LinkTarget is { } target ? (prefix, target) : null;
            }

            if (end < 0)
            {
                return null;
            }
        }
    }

    private static PathFinding Unreachable(string variable, string path, int errno)
    {
        if (errno == Errno.ENOTDIR)
        {
            string? current = Path.GetDirectoryName(path);
            while (current is not null)
            {
                FileStatus status = FileStatus.Of(current);
                if (status.Exists && !status.IsDirectory)
                {
                    return FileInTheWay(variable, path, current, status);
                }

                current = Path.GetDirectoryName(current);
            }
        }

        string lead = FindingMessages.UnreachableLead(variable, path, AccessAdvice.Cause(errno));
        if (Errno.IsPermission(errno))
        {
            string blocker = NearestExistingAncestor(path);
            (string detail, string fix) = AccessAdvice.Permission(Identity, variable, path, blocker, FileStatus.Of(blocker), "u+rx");
            return new PathFinding(FindingSeverity.Error, FindingCodes.PathUnreachable, variable, path, FindingMessages.WithDetail(lead, detail), fix);
        }

        return new PathFinding(FindingSeverity.Error, FindingCodes.PathUnreachable, variable, path, FindingMessages.WithDetail(lead, null),
            FindingMessages.UnreachableFix(variable));
    }

    private static PathFinding FileInTheWay(string variable, string path, string blocker, FileStatus status) =>
        new(FindingSeverity.Error, FindingCodes.NotADirectory, variable, path, FindingMessages.FileInTheWay(variable, path, blocker, status.Kind));

    /// <summary>The deepest ancestor of <paramref name="path"/> this process can stat (the one that blocks the walk).</summary>
    private static string NearestExistingAncestor(string path)
    {
        string? current = Path.GetDirectoryName(path);
        while (current is not null)
        {
            if (FileStatus.Of(current).Exists)
            {
                return current;
            }

            current = Path.GetDirectoryName(current);
        }

        return "/";
    }
}
