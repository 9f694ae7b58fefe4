using Callytics.Paths.Interop;

namespace Callytics.Paths.Mounts;

/// <summary>
/// A mount table (<c>/proc/self/mountinfo</c> or a saved copy) and the answer to "which mount holds this path",
/// like <c>findmnt --target</c>.
/// </summary>
/// <remarks>
/// <para>
/// Lookup follows the kernel's tree, not only the text: from the root mount it walks the path one component at a
/// time and steps into a mount only when that mount's parent is the mount it is in, so a mount hidden by a later
/// mount over one of its ancestors is never chosen. Where mounts are stacked on one mount point the visible one is
/// the one that is no other's parent there (proc(5)). Mount points match by whole components: <c>/data</c> does
/// not hold <c>/database</c>.
/// </para>
/// <para>
/// The live table (<see cref="ReadCurrent"/>) first resolves symbolic links on the longest existing prefix of the
/// path (links into and out of volumes, <c>..</c>); a table read from a file resolves nothing on this machine.
/// </para>
/// </remarks>
public sealed class MountTable
{
    /// <summary>The live table of this process's mount namespace.</summary>
    public const string CurrentPath = "/proc/self/mountinfo";

    private readonly Dictionary<string, List<MountEntry>> _byMountPoint = new(StringComparer.Ordinal);
    private readonly Dictionary<int, MountEntry> _byId = [];
    private readonly bool _resolveLinks;

    private MountTable(List<MountEntry> entries, bool resolveLinks)
    {
        Entries = entries;
        _resolveLinks = resolveLinks;
        foreach (MountEntry entry in entries)
        {
            _byId.TryAdd(entry.Id, entry);
            if (!_byMountPoint.TryGetValue(entry.MountPoint, out List<MountEntry>? stack))
            {
                _byMountPoint[entry.MountPoint] = stack = [];
            }

            stack.Add(entry);
        }

        Root = _byMountPoint.TryGetValue("/", out List<MountEntry>? roots) ? Top(roots, roots) : null;
    }

    /// <summary>Gets every entry, in table order.</summary>
    public IReadOnlyList<MountEntry> Entries { get; }

    /// <summary>Gets the visible mount at <c>/</c> (in a container, its own writable layer), or <see langword="null"/> if the table has none.</summary>
    public MountEntry? Root { get; }

    /// <summary>Reads this process's live mount table.</summary>
    /// <returns>The table; lookups resolve symbolic links on this machine.</returns>
    /// <exception cref="IOException">The table cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The table cannot be read.</exception>
    /// <exception cref="FormatException">A line is not in the mountinfo format.</exception>
    public static MountTable ReadCurrent()
    {
        return new MountTable(MountInfoParser.Parse(ProcFile.Read(CurrentPath)), resolveLinks: true);
    }

    /// <summary>Reads a saved mountinfo table from <paramref name="path"/>; lookups in it resolve nothing on this machine.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The table.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <exception cref="FormatException">A line is not in the mountinfo format; the message names it.</exception>
    public static MountTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new MountTable(MountInfoParser.Parse(File.ReadAllText(path)), resolveLinks: false);
    }

    /// <summary>Parses mountinfo text; lookups in it resolve nothing on this machine.</summary>
    /// <param name="text">The table, one mount a line.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">A line is not in the mountinfo format; the message names it.</exception>
    public static MountTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MountTable(MountInfoParser.Parse(text), resolveLinks: false);
    }

    /// <summary>Returns the mount that holds <paramref name="path"/> (which need not exist), or <see langword="null"/> for an empty table.</summary>
    /// <param name="path">An absolute path.</param>
    /// <returns>The visible mount whose mount point is the longest whole-component prefix of the (resolved) path.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not absolute.</exception>
    public MountEntry? FindMount(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The path must be absolute.", nameof(path));
        }

        return Locate(path);
    }

    /// <summary>The path as the kernel reaches it: links resolved on the live table, only <c>.</c> and <c>..</c> on a saved one.</summary>
    internal string Resolve(string path) => _resolveLinks ? RealPath.OfLongestExistingPrefix(path) : Path.GetFullPath(path);

    /// <summary>
    /// The mount holding <paramref name="path"/>. On the live table the kernel says it outright: statx's mount id
    /// of the longest existing prefix (links followed) is the first field of a mountinfo line. Elsewhere, or when the
    /// kernel does not report it, the tree walk over the resolved path answers.
    /// </summary>
    internal MountEntry? Locate(string path, Func<string, FileStatus>? status = null)
    {
        if (_resolveLinks)
        {
            Func<string, FileStatus> stat = status ?? (p => FileStatus.Of(p));
            for (string? current = path; current is not null; current = Path.GetDirectoryName(current))
            {
                FileStatus found = stat(current);
                if (found.Exists)
                {
                    if (found.MountId != 0 && found.MountId <= int.MaxValue && _byId.TryGetValue((int)found.MountId, out MountEntry? entry))
                    {
                        return entry;
                    }

                    break;
                }

                if (found.Errno is not (Errno.ENOENT or Errno.ENOTDIR))
                {
                    break;
                }
            }
        }

        return Holder(Resolve(path));
    }

    private MountEntry? Holder(string target)
    {
        MountEntry? current = Root;
        if (current is null)
        {
            return LongestPrefix(target);
        }

        int end = 0;
        while (end < target.Length)
        {
            int next = target.IndexOf('/', end + 1);
            end = next < 0 ? target.Length : next;
            if (_byMountPoint.TryGetValue(target[..end], out List<MountEntry>? stack))
            {
                current = Enter(current, stack);
            }
        }

        return current;
    }

    /// <summary>Whether a path held by <paramref name="holder"/> is on a volume: held by a mount other than the root mount.</summary>
    internal bool IsOnVolume(MountEntry? holder) => holder is not null && Root is not null && holder.Id != Root.Id;

    /// <summary>Steps from <paramref name="current"/> into the mounts stacked at one mount point, when they hang below it.</summary>
    private MountEntry Enter(MountEntry current, List<MountEntry> stack)
    {
        // Mounts whose parent is where we are; failing that, mounts whose parent is not in the table at all
        // (a chroot or a partial saved table). A mount below some other, hidden mount is not entered.
        List<MountEntry> below = stack.FindAll(e => e.ParentId == current.Id && e.Id != current.Id);
        if (below.Count == 0)
        {
            below = stack.FindAll(e => !_byId.ContainsKey(e.ParentId));
        }

        return below.Count == 0 ? current : Top(below, stack);
    }

    /// <summary>The top of a stack: follow children at the same mount point until none is left.</summary>
    private static MountEntry Top(List<MountEntry> start, List<MountEntry> stack)
    {
        MountEntry top = start[^1];
        for (int guard = 0; guard < stack.Count; guard++)
        {
            MountEntry? child = stack.FindLast(e => e.ParentId == top.Id && e.Id != top.Id);
            if (child is null)
            {
                break;
            }

            top = child;
        }

        return top;
    }

    private MountEntry? LongestPrefix(string target)
    {
        MountEntry? best = null;
        foreach (MountEntry entry in Entries)
        {
            if (IsUnder(target, entry.MountPoint) && (best is null || entry.MountPoint.Length >= best.MountPoint.Length))
            {
                best = entry;
            }
        }

        return best;
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/"
        || path == mountPoint
        || (path.StartsWith(mountPoint, StringComparison.Ordinal) && path.Length > mountPoint.Length && path[mountPoint.Length] == '/');
}
