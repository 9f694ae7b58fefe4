using System.Runtime.InteropServices;
using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Cli.Exec;

/// <summary>
/// What <c>exec --user</c> gives the service user, and the one way it does it. Given: each used writing role's own
/// directory (the top one, never a walk), the database's directory when it is the database's alone (else the database
/// file itself), and the group of the directories exec itself created, so that the user can read and search them.
/// Never: <c>/</c>, <c>CALLYTICS_ROOT</c>, a directory that holds another role's path, a shared directory (sticky or
/// world-writable, such as <c>/tmp</c>), a top-level system directory, or anything reached through a symbolic link at
/// the path or above it: each path is opened one component at a time from <c>/</c> without following a link, and the
/// owner is changed on that descriptor.
/// </summary>
internal static class HandOver
{
    /// <summary>Top-level directories of the system: never handed to a service, whatever a variable says.</summary>
    private static readonly string[] SystemDirectories =
    [
        "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt", "/proc",
        "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
    ];

    /// <summary>One thing to give: a role's directory, or the database file.</summary>
    /// <param name="Variable">The variable it comes from.</param>
    /// <param name="Path">The absolute path.</param>
    /// <param name="IsFile">Whether it is the database file (else a directory).</param>
    /// <param name="GroupOnly">Whether only the group changes (a read role's directory exec created).</param>
    internal sealed record Target(string Variable, string Path, bool IsFile = false, bool GroupOnly = false);

    /// <summary>
    /// The directories <paramref name="paths"/>' used roles need that do not exist yet, their missing parents included:
    /// read before exec creates them, so that afterwards it knows which ones it made.
    /// </summary>
    internal static List<string> Missing(CallyticsPaths paths)
    {
        var missing = new List<string>();
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (!paths.Uses(layout.Role))
            {
                continue;
            }

            for (string? current = layout.Get(paths); current is not null and not "/"; current = System.IO.Path.GetDirectoryName(current))
            {
                if (FileStatus.Of(current, followLinks: false).Errno != Errno.ENOENT)
                {
                    break;
                }

                missing.Add(current);
            }
        }

        return [.. missing.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// What to give the user, and why anything that a role would want is not given (<paramref name="refused"/>: one line
    /// each). <paramref name="created"/> are the directories exec made (from <see cref="Missing"/>): a read role's, and
    /// every parent, get the user's group so that the user can reach and read them.
    /// </summary>
    internal static List<Target> Plan(CallyticsPaths paths, string root, IReadOnlyCollection<string> created, List<string> refused)
    {
        var rolePaths = new List<(string Variable, string Path, bool Writes)>();
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            rolePaths.Add((layout.Variable, layout.Get(paths), layout.Writes));
        }

        string? databaseFile = paths.Uses(PathRole.Database) && DatabaseUrl.TryParse(paths.DatabaseUrl, out DatabaseUrl? database)
            && database.FilePath is { } file && !database.IsReadOnly ? file : null;
        string? databaseDirectory = databaseFile is null ? null : System.IO.Path.GetDirectoryName(databaseFile) ?? "/";
        if (databaseDirectory is not null)
        {
            rolePaths.Add((CallyticsPathsVariables.DatabaseUrl, databaseDirectory, true));
        }

        var targets = new List<Target>();
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            string path = layout.Get(paths);
            if (!layout.Writes || !paths.Uses(layout.Role) || targets.Exists(t => t.Path == path))
            {
                continue;
            }

            if (Refusal(path, layout.Variable, root, rolePaths) is { } why)
            {
                refused.Add($"{layout.Variable} directory {path} is not given to the user: {why}");
                continue;
            }

            targets.Add(new Target(layout.Variable, path));
        }

        if (databaseFile is not null && databaseDirectory is not null && !targets.Exists(t => t.Path == databaseDirectory))
        {
            if (Refusal(databaseDirectory, CallyticsPathsVariables.DatabaseUrl, root, rolePaths) is { } why)
            {
                refused.Add($"{CallyticsPathsVariables.DatabaseUrl}'s directory {databaseDirectory} is not given to the user ({why}); only the database file is, when it exists. " +
                    "SQLite writes its journal beside the file: give the database a directory of its own (sqlite:////app/data/Callytics_new.sqlite).");
                targets.Add(new Target(CallyticsPathsVariables.DatabaseUrl, databaseFile, IsFile: true));
            }
            else
            {
                targets.Add(new Target(CallyticsPathsVariables.DatabaseUrl, databaseDirectory));
            }
        }

        foreach (string directory in created.Order(StringComparer.Ordinal))
        {
            if (!targets.Exists(t => t.Path == directory))
            {
                targets.Add(new Target(VariableOf(directory, rolePaths), directory, GroupOnly: true));
            }
        }

        return targets;
    }

    /// <summary>
    /// Gives each target to <paramref name="user"/>, each opened without following a link anywhere on its path and
    /// changed through that descriptor only when it is not already theirs. Every target is opened and checked before the
    /// first owner changes; what cannot be given is a warning (<paramref name="warnings"/>), and the validation as the
    /// user then decides.
    /// </summary>
    internal static List<Change> Apply(IReadOnlyList<Target> targets, ServiceUser user, List<string> warnings)
    {
        var changes = new List<Change>();
        var opened = new List<(Target Target, int Descriptor)>();
        try
        {
            foreach (Target target in targets)
            {
                int descriptor = Open(target, out string? problem);
                if (descriptor < 0)
                {
                    if (problem is not null)
                    {
                        warnings.Add(problem);
                    }

                    continue;
                }

                opened.Add((target, descriptor));
            }

            foreach ((Target target, int descriptor) in opened)
            {
                FileStatus status = FileStatus.OfDescriptor(descriptor);
                uint uid = target.GroupOnly ? uint.MaxValue : user.Uid;
                if ((target.GroupOnly || status.Uid == user.Uid) && status.Gid == user.Gid)
                {
                    continue;
                }

                if (target.GroupOnly && status.Uid != Libc.GetEffectiveUserId())
                {
                    continue; // not the directory exec made: left as it is
                }

                if (Posix.FChown(descriptor, uid, user.Gid) == 0)
                {
                    if (!target.GroupOnly)
                    {
                        changes.Add(new Change(target.Path, target.IsFile, status.Uid, status.Gid)); // what exec made itself needs no undoing
                    }
                }
                else
                {
                    int errno = Marshal.GetLastPInvokeError();
                    warnings.Add($"cannot give {target.Variable} {(target.IsFile ? "file" : "directory")} {target.Path} to {user.Uid}:{user.Gid}: {Libc.Describe(errno).ToLowerInvariant()}. " +
                        $"Fix: `chown {user.Uid}:{user.Gid}` that folder on the host (NFS with root_squash refuses root), or run the container as its owner ({status.Uid}:{status.Gid}).");
                }
            }
        }
        finally
        {
            foreach ((_, int descriptor) in opened)
            {
                _ = Libc.Close(descriptor);
            }
        }

        return changes;
    }

    /// <summary>One owner exec changed: the path, and the owner and group it had.</summary>
    internal sealed record Change(string Path, bool IsFile, uint Uid, uint Gid)
    {
        private const char Separator = '\t';

        /// <summary>As one line (the prepare step's child tells its parent what it changed).</summary>
        internal string ToLine() => string.Join(Separator, Path, IsFile ? "file" : "directory", Uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Gid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>Reads <see cref="ToLine"/>'s line, or null.</summary>
        internal static Change? FromLine(string line)
        {
            string[] parts = line.Split(Separator);
            return parts.Length == 4 && uint.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out uint uid)
                && uint.TryParse(parts[3], System.Globalization.CultureInfo.InvariantCulture, out uint gid)
                ? new Change(parts[0], parts[1] == "file", uid, gid) : null;
        }
    }

    /// <summary>
    /// Gives back what <see cref="Apply"/> changed, when the validation as the user then fails: each path opened again
    /// without following a link, and its owner restored only while it is still the user's (what the user changed
    /// meanwhile is left alone and named). So a run that exits 1 leaves every owner as it found it.
    /// </summary>
    internal static void Undo(IReadOnlyList<Change> changes, ServiceUser user, List<string> warnings)
    {
        foreach (Change change in changes)
        {
            int descriptor = Open(new Target(string.Empty, change.Path, change.IsFile), out _);
            if (descriptor < 0)
            {
                warnings.Add($"{change.Path} could not be given back to {change.Uid}:{change.Gid}: it is gone or no longer reached without a link.");
                continue;
            }

            try
            {
                FileStatus now = FileStatus.OfDescriptor(descriptor);
                if (now.Uid != user.Uid || Posix.FChown(descriptor, change.Uid, change.Gid) != 0)
                {
                    warnings.Add($"{change.Path} could not be given back to {change.Uid}:{change.Gid} (it is {now.Uid}:{now.Gid} now).");
                }
            }
            finally
            {
                _ = Libc.Close(descriptor);
            }
        }
    }

    /// <summary>Why <paramref name="path"/> may not be handed over, or null when it may.</summary>
    private static string? Refusal(string path, string variable, string root, List<(string Variable, string Path, bool Writes)> rolePaths)
    {
        if (path == "/")
        {
            return "it is /";
        }

        if (path == root)
        {
            return $"it is CALLYTICS_ROOT ({root}), which holds the whole layout";
        }

        if (Array.IndexOf(SystemDirectories, path) >= 0)
        {
            return "it is a system directory";
        }

        foreach ((string other, string otherPath, bool writes) in rolePaths)
        {
            bool inside = otherPath.StartsWith(path + "/", StringComparison.Ordinal) || (otherPath == path && !writes);
            if (other != variable && inside)
            {
                return $"it holds {other}'s {otherPath}";
            }
        }

        return null;
    }

    private static string VariableOf(string directory, List<(string Variable, string Path, bool Writes)> rolePaths) =>
        rolePaths.Find(r => r.Path == directory || r.Path.StartsWith(directory + "/", StringComparison.Ordinal)).Variable ?? "CALLYTICS_ROOT";

    /// <summary>Opens a target without following a link anywhere on its path: the descriptor, or -1 with the warning (null when there is nothing to give).</summary>
    private static int Open(Target target, out string? problem)
    {
        problem = null;
        string directoryPath = target.IsFile ? System.IO.Path.GetDirectoryName(target.Path) ?? "/" : target.Path;
        DirectoryHandle? directory = DirectoryHandle.OpenWithoutLinks(directoryPath, out int errno, out string? link);
        if (directory is null)
        {
            if (link is not null)
            {
                problem = $"{target.Variable} {(target.IsFile ? "file" : "directory")} {target.Path} is not given to the user: {link} is a symbolic link" +
                    $"{(new FileInfo(link).LinkTarget is { } to ? $" to {to}" : string.Empty)}, and exec never changes an owner through a link. " +
                    $"Fix: point {target.Variable} at the real directory, or mount the volume there.";
            }

            return -1; // missing or unreachable otherwise: the validation names it
        }

        using (directory)
        {
            if (!target.IsFile)
            {
                FileStatus status = directory.Identity;
                if ((status.Mode & 0x200) != 0 || (status.Mode & 0x2) != 0)
                {
                    if (!target.GroupOnly)
                    {
                        problem = $"{target.Variable} directory {target.Path} is not given to the user: it is shared ({status.OctalMode}: sticky or world-writable), and every user may already write there.";
                    }

                    return -1;
                }

                int copy = Libc.OpenAtName(directory.Descriptor, ".", Libc.ORead | Libc.ODirectory | Libc.OCloseOnExec, 0);
                return copy;
            }

            int file = Libc.OpenAtName(directory.Descriptor, System.IO.Path.GetFileName(target.Path),
                Libc.ORead | Libc.ONoFollow | Libc.ONonBlock | Libc.OCloseOnExec, 0);
            if (file < 0)
            {
                int fileErrno = Libc.LastErrno;
                if (fileErrno == Errno.ELOOP)
                {
                    problem = $"{target.Variable} file {target.Path} is not given to the user: it is a symbolic link, and exec never changes an owner through a link.";
                }

                return -1;
            }

            if (!FileStatus.OfDescriptor(file).IsRegularFile)
            {
                _ = Libc.Close(file);
                return -1; // the validation names what it is
            }

            return file;
        }
    }
}
