using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Callytics.Paths.Mounts;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Layer;

/// <summary>
/// Reads, from inside a container, what it has written into its own writable layer: every regular file on the root
/// filesystem's mount (never crossing into a volume or any other mount) whose status changed since the container was
/// created (<see cref="LayerSignal"/>). A file the image shipped and the container only read keeps its old ctime and
/// is not listed; one the container created, changed, or copied up by a chmod is, because its copy lives in the layer.
/// </summary>
public static class WritableLayer
{
    /// <summary>How many levels a directory that belongs to no role is grouped at: <c>/var/lib/postgresql</c>.</summary>
    private const int GroupDepth = 3;

    /// <summary>
    /// Reads the layer of the container this process runs in. <paramref name="mounts"/> is the live table (null when
    /// unreadable): it says which role paths are volumes and which entries are mount points; <paramref name="container"/>
    /// is what the caller already decided about being in a container.
    /// </summary>
    /// <remarks>
    /// With a <paramref name="budget"/>, the walk stops when it is spent and the reading says it was truncated: a layer
    /// of a million files then costs a health check's reading that long, not the whole walk.
    /// </remarks>
    public static LayerReading Read(CallyticsPaths paths, MountTable? mounts, ContainerStatus container, LayerIgnore ignore, TimeSpan? budget = null) =>
        Read(paths, mounts, container, ignore, budget, container.InContainer ? LayerSignal.Find() : null);

    /// <summary>As <see cref="Read(CallyticsPaths, MountTable?, ContainerStatus, LayerIgnore, TimeSpan?)"/>, with the creation signal given (tests: any machine's root as a layer).</summary>
    internal static LayerReading Read(CallyticsPaths paths, MountTable? mounts, ContainerStatus container, LayerIgnore ignore, TimeSpan? budget, LayerSignal? signal)
    {
        if (!container.InContainer || signal is null)
        {
            return new LayerReading(container.InContainer, container.Signal, signal, [], 0, 0, 0);
        }

        using DirectoryHandle? root = DirectoryHandle.Open("/", out int errno);
        if (root is null)
        {
            throw new IOException($"/: {Libc.Describe(errno)}", errno);
        }

        List<RolePath> roles = RolePaths(paths, path => mounts is not null && mounts.IsOnVolume(mounts.FindMount(path)));
        var groups = new Dictionary<string, (long Files, long Bytes, long Newest)>(StringComparer.Ordinal);
        (long ignoredFiles, long ignoredBytes, long unreadable) = (0, 0, 0);
        long deadline = budget is { } spend ? System.Diagnostics.Stopwatch.GetTimestamp() + (long)(spend.TotalSeconds * System.Diagnostics.Stopwatch.Frequency) : long.MaxValue;
        bool truncated = false;
        HashSet<string> mountPoints = mounts is null ? [] : [.. mounts.Entries.Select(e => e.MountPoint).Where(m => m != "/")];
        Walk(root, signal, ignore, mountPoints, roles, deadline, () => truncated = true, (Frame frame, ReadOnlySpan<byte> name, in FileStatus status) =>
        {
            if (frame.Ignored || ignore.IgnoresName(name) || (ignore.HasPathPatterns && ignore.IgnoresPath(Join(frame.Path, FileName.Decode(name)))))
            {
                (ignoredFiles, ignoredBytes) = (ignoredFiles + 1, ignoredBytes + (long)status.Size);
                return;
            }

            (frame.Files, frame.Bytes, frame.Newest) = (frame.Files + 1, frame.Bytes + (long)status.Size, Math.Max(frame.Newest, status.ChangedNanosecondsSinceEpoch));
        }, frame =>
        {
            if (frame.Files > 0)
            {
                string group = frame.Match ?? Truncated(frame.Path);
                (long files, long bytes, long newest) = groups.GetValueOrDefault(group);
                groups[group] = (files + frame.Files, bytes + frame.Bytes, Math.Max(newest, frame.Newest));
            }
        }, () => unreadable++);

        LayerGroup[] found = [.. groups.Select(g => Describe(g.Key, g.Value, roles)).OrderByDescending(g => g.Bytes).ThenBy(g => g.Directory, StringComparer.Ordinal)];
        return new LayerReading(true, container.Signal, signal, found, ignoredFiles, ignoredBytes, unreadable, truncated);
    }

    /// <summary>A used role's path (a directory, or the database file's directory) and whether a volume holds it.</summary>
    public sealed record RolePath(PathRole Role, string Variable, string Path, string DefaultName, bool Mounted);

    /// <summary>The used roles' paths of <paramref name="paths"/>, each with whether <paramref name="mounted"/> says a volume holds it.</summary>
    public static List<RolePath> RolePaths(CallyticsPaths paths, Func<string, bool> mounted)
    {
        var roles = new List<RolePath>();
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            // A container path: an invalid or relative value names no place in the layer.
            if (paths.Uses(layout.Role) && BoundValue.Of(paths, layout, "/") is { Invalid: null, WasRelative: false } bound)
            {
                roles.Add(new RolePath(layout.Role, layout.Variable, bound.Normalized, layout.DefaultName, mounted(bound.Normalized)));
            }
        }

        if (paths.Uses(PathRole.Database) && DatabaseUrl.TryParse(paths.DatabaseUrl, "/", out DatabaseUrl? database, out _) && database.FilePath is { } file)
        {
            string directory = Path.GetDirectoryName(file) ?? "/";
            roles.Add(new RolePath(PathRole.Database, CallyticsPathsVariables.DatabaseUrl, directory, "data", mounted(directory)));
        }

        return roles;
    }

    /// <summary>
    /// The group of a file in <paramref name="directory"/>: its shallowest ancestor that is a role's path or probably
    /// meant to be one (<c>/app/.temp</c> for <c>/app/temp</c>), else its first <see cref="GroupDepth"/> levels.
    /// </summary>
    public static string GroupOf(string directory, List<RolePath> roles)
    {
        string[] parts = directory.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int depth = 1; depth <= parts.Length; depth++)
        {
            string ancestor = "/" + string.Join('/', parts[..depth]);
            if (GroupsAt(ancestor, depth, roles))
            {
                return ancestor;
            }
        }

        return Truncated(directory);
    }

    /// <summary>Whether <paramref name="directory"/>, <paramref name="depth"/> levels below the root, is a role's path or probably meant to be one.</summary>
    private static bool GroupsAt(string directory, int depth, List<RolePath> roles) =>
        roles.Exists(r => r.Path == directory) || (depth >= 2 && MountGuess.ProbablyMeant(directory, roles.Select(r => r.Path)) is not null);

    /// <summary>The first <see cref="GroupDepth"/> levels of <paramref name="directory"/>: the group of a directory no role claims.</summary>
    private static string Truncated(string directory)
    {
        string[] parts = directory.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "/" : "/" + string.Join('/', parts[..Math.Min(GroupDepth, parts.Length)]);
    }

    /// <summary>The group <paramref name="directory"/> with its totals, the role it most likely belongs to and the fix.</summary>
    public static LayerGroup Describe(string directory, (long Files, long Bytes, long Newest) totals, List<RolePath> roles)
    {
        if (roles.Find(r => directory == r.Path || directory.StartsWith(r.Path.TrimEnd('/') + "/", StringComparison.Ordinal)) is { } within)
        {
            return new LayerGroup(directory, totals.Files, totals.Bytes, totals.Newest, within.Role, within.Variable, null, within.Mounted,
                FindingMessages.LayerRoleNotMountedFix(within.Variable, within.Path, within.DefaultName));
        }

        if (MountGuess.ProbablyMeant(directory, roles.Select(r => r.Path)) is { } meant && roles.Find(r => r.Path == meant) is { } role)
        {
            return new LayerGroup(directory, totals.Files, totals.Bytes, totals.Newest, role.Role, role.Variable, role.Path, role.Mounted,
                FindingMessages.LayerBesideRoleFix(directory, role.Variable, role.Path, role.DefaultName, role.Mounted));
        }

        return new LayerGroup(directory, totals.Files, totals.Bytes, totals.Newest, null, null, null, false,
            FindingMessages.LayerNoRoleFix(directory));
    }

    /// <summary>Receives one regular file of the root mount changed since the signal: its directory's frame, its name's bytes and its status.</summary>
    private delegate void FileVisitor(Frame directory, ReadOnlySpan<byte> name, in FileStatus status);

    private static string Join(string directory, string name) => directory.Length == 1 ? "/" + name : directory + "/" + name;

    /// <summary>
    /// Every regular file below <paramref name="root"/> on its own mount whose status changed since
    /// <paramref name="signal"/> (the signal's own file aside), depth first, links never followed: a directory on
    /// another mount (a volume) is not entered, a file on another mount (a bind-mounted file) is not reported, and a
    /// directory deeper than <see cref="DirectoryHandle.MaxDepth"/> is not entered. A name is decoded only for a file
    /// that a path pattern or the signal needs, and a directory <paramref name="ignore"/> leaves out marks all below it.
    /// </summary>
    /// <remarks>
    /// An entry the mount table names as a mount point (<paramref name="mountPoints"/>) is passed by its name, before
    /// any system call on it: a statx there would ask the mounted filesystem, which may be a dead NFS server or a FUSE
    /// server that never answers. So the walk only ever asks the root's own filesystem, and needs no child process to
    /// bound it. Without a mount table it asks each entry and tells mounts apart by their ids.
    /// </remarks>
    private static void Walk(DirectoryHandle root, LayerSignal signal, LayerIgnore ignore, HashSet<string> mountPoints, List<RolePath> roles, long deadline, Action truncated,
        FileVisitor file, Action<Frame> leaving, Action unreadable)
    {
        const uint mask = Libc.StatxBasicStats | Libc.StatxMountId;
        FileStatus identity = root.Identity;
        bool knownMounts = mountPoints.Count > 0;
        var holdsMountPoints = new HashSet<string>(mountPoints.Select(m => System.IO.Path.GetDirectoryName(m) ?? "/"), StringComparer.Ordinal);

        // One frame per level, the child entered as soon as it is found: at most MaxDepth descriptors are open. Each
        // frame reads its listing through one pooled buffer, and the entry's type from the listing (d_type), so only
        // regular files (and entries of unknown type) are asked for their status.
        var stack = new Stack<Frame>();
        stack.Push(new Frame(root, "/", owned: false) { HoldsMountPoints = holdsMountPoints.Contains("/") });
        try
        {
            while (stack.TryPeek(out Frame? frame))
            {
                if (!frame.Entries.MoveNext())
                {
                    if (frame.Entries.Errno != 0)
                    {
                        unreadable();
                    }

                    Frame done = stack.Pop();
                    leaving(done);
                    done.Close();
                    if (deadline != long.MaxValue && System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
                    {
                        truncated(); // checked once per directory: the clock costs more than a file's entry
                        break;
                    }

                    continue;
                }

                ReadOnlySpan<byte> name = frame.Entries.NameWithNul;
                byte type = frame.Entries.Type;
                if (frame.HoldsMountPoints && mountPoints.Contains(Join(frame.Path, FileName.Decode(name[..^1]))))
                {
                    continue; // a volume, a bind-mounted file, /proc: not the layer, and never asked
                }

                if (type is not (DirectoryEntries.RegularFileType or DirectoryEntries.DirectoryType or DirectoryEntries.UnknownType))
                {
                    continue; // a link, a socket, a device: no data of its own
                }

                bool directory = type == DirectoryEntries.DirectoryType;
                if (!directory || !knownMounts)
                {
                    FileStatus status = frame.Handle.Status(name, mask);
                    if (!status.Exists)
                    {
                        unreadable();
                        continue;
                    }

                    if (OnAnotherMount(identity, status))
                    {
                        continue; // a volume, or a file bind-mounted on its own: not the layer
                    }

                    if (status.IsRegularFile)
                    {
                        if (status.ChangedNanosecondsSinceEpoch >= signal.ChangedNanoseconds
                            && (frame.Path.Length > 1 || "/" + FileName.Decode(name[..^1]) != signal.Path))
                        {
                            file(frame, name[..^1], status);
                        }

                        continue;
                    }

                    if (!status.IsDirectory)
                    {
                        continue;
                    }
                }

                if (stack.Count > DirectoryHandle.MaxDepth)
                {
                    continue;
                }

                DirectoryHandle? child = frame.Handle.OpenChild(name, out _);
                if (child is null)
                {
                    unreadable();
                    continue;
                }

                string path = Join(frame.Path, FileName.Decode(name[..^1]));
                bool ignored = frame.Ignored || ignore.IgnoresName(name[..^1]) || (ignore.HasPathPatterns && ignore.IgnoresPath(path));
                stack.Push(new Frame(child, path, owned: true)
                {
                    Ignored = ignored,
                    HoldsMountPoints = holdsMountPoints.Contains(path),
                    Match = frame.Match ?? (GroupsAt(path, stack.Count, roles) ? path : null), // GroupOf, one level at a time
                });
            }
        }
        finally
        {
            while (stack.TryPop(out Frame? left))
            {
                leaving(left); // a truncated walk still counts what it saw
                left.Close();
            }
        }

    }

    /// <summary>
    /// Whether <paramref name="entry"/> is held by another mount than <paramref name="root"/>: by mount id where statx
    /// gives one to both, else by device (a kernel before 5.8, or qemu-user, which does not pass the mount id on).
    /// </summary>
    private static bool OnAnotherMount(in FileStatus root, in FileStatus entry) =>
        root.MountId != 0 && entry.MountId != 0
            ? root.MountId != entry.MountId
            : root.DeviceMajor != entry.DeviceMajor || root.DeviceMinor != entry.DeviceMinor;

    /// <summary>
    /// One directory of the walk: its handle, its absolute path and its listing (read as the walk goes, through one
    /// pooled buffer); whether it is left out whole (it or a directory above it matched a pattern); the totals of its
    /// own files, added to their group once, when the walk leaves it.
    /// </summary>
    private sealed class Frame
    {
        private readonly byte[] _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(32 * 1024);
        private readonly bool _owned;

        internal Frame(DirectoryHandle handle, string path, bool owned)
        {
            Handle = handle;
            Path = path;
            _owned = owned;
            Entries = new DirectoryEntries(handle.Descriptor, _buffer);
        }

        internal DirectoryHandle Handle { get; }

        internal string Path { get; }

        /// <summary>The listing; a field, so that moving through it changes this frame's copy.</summary>
        internal DirectoryEntries Entries;

        internal bool Ignored { get; init; }

        /// <summary>Whether the mount table names a mount point directly in this directory (its entries are then checked by name).</summary>
        internal bool HoldsMountPoints { get; init; }

        /// <summary>The shallowest directory from the root down to this one that is a role's path or probably meant to be one (<see cref="GroupOf"/>).</summary>
        internal string? Match { get; init; }

        /// <summary>This directory's own files that passed the filters, their bytes and the newest change: added to its group when it is left.</summary>
        internal long Files { get; set; }

        internal long Bytes { get; set; }

        internal long Newest { get; set; }

        internal void Close()
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
            if (_owned)
            {
                Handle.Dispose();
            }
        }
    }
}
