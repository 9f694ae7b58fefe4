using System.Text;
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

    private readonly byte[] _text;
    private readonly int[] _lineStart;
    private readonly int[] _lineEnd;
    private readonly int[] _id;
    private readonly int[] _parentId;
    private readonly MountEntry?[] _entries;
    private readonly MountPointIndex _byMountPoint;
    private readonly Dictionary<int, int> _byId;
    private readonly int _count;
    private readonly int _root;
    private readonly bool _resolveLinks;

    private MountTable(byte[] text, bool resolveLinks)
    {
        // One pass over the kernel's bytes; per line only its place, its id and its parent are kept, and the
        // mount point goes into a byte-keyed index. Entries are made when asked for.
        _text = text;
        _resolveLinks = resolveLinks;
        int capacity = text.AsSpan().Count((byte)'\n') + 1;
        int[] lineStart = _lineStart = new int[capacity];
        int[] lineEnd = _lineEnd = new int[capacity];
        int[] id = _id = new int[capacity];
        int[] parentId = _parentId = new int[capacity];
        MountPointIndex byMountPoint = _byMountPoint = new MountPointIndex(text, capacity);
        Dictionary<int, int> byId = _byId = new Dictionary<int, int>(capacity);
        int count = 0;
        MountInfoParser.Parse(text, (in MountInfoParser.LineFields fields, int start, int end) =>
        {
            int line = byMountPoint.Add(fields.MountPoint);
            (lineStart[line], lineEnd[line], id[line], parentId[line]) = (start, end, fields.Id, fields.ParentId);
            byId.TryAdd(fields.Id, line);
            count = line + 1;
        });

        _count = count;
        _entries = new MountEntry?[count];
        Entries = new EntryList(this);
        int roots = _byMountPoint.First("/"u8);
        _root = roots < 0 ? -1 : Top(roots);
    }

    /// <summary>Gets every entry, in table order.</summary>
    public IReadOnlyList<MountEntry> Entries { get; }

    /// <summary>Gets the visible mount at <c>/</c> (in a container, its own writable layer), or <see langword="null"/> if the table has none.</summary>
    public MountEntry? Root => _root < 0 ? null : Entry(_root);

    /// <summary>The largest saved table <see cref="Load"/> reads: a kubelet node's 20,000 mounts take about 4 MiB.</summary>
    internal const int MaxSavedTableBytes = 64 * 1024 * 1024;

    /// <summary>Reads this process's live mount table.</summary>
    /// <returns>The table; lookups resolve symbolic links on this machine.</returns>
    /// <exception cref="IOException">The table cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The table cannot be read.</exception>
    /// <exception cref="FormatException">A line is not in the mountinfo format.</exception>
    public static MountTable ReadCurrent()
    {
        return new MountTable(ProcFile.ReadBytes(CurrentPath), resolveLinks: true);
    }

    /// <summary>
    /// Reads a saved mountinfo table from <paramref name="path"/>, a regular file of at most 64 MiB (a named pipe or a
    /// device is refused unread); lookups in it resolve nothing on this machine.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The table.</returns>
    /// <exception cref="IOException">The file cannot be read, is not a regular file, or is larger than 64 MiB.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <exception cref="FormatException">A line is not in the mountinfo format; the message names it.</exception>
    public static MountTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new MountTable(ProcFile.ReadRegularFile(path, MaxSavedTableBytes), resolveLinks: false);
    }

    /// <summary>Parses mountinfo text; lookups in it resolve nothing on this machine.</summary>
    /// <param name="text">The table, one mount a line.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">A line is not in the mountinfo format; the message names it.</exception>
    public static MountTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MountTable(Encoding.UTF8.GetBytes(text), resolveLinks: false);
    }

    /// <summary>
    /// Returns the mount that holds <paramref name="path"/> (which need not exist), or <see langword="null"/> when no
    /// mount point is a prefix of it (an empty table, or a partial saved table without a root mount).
    /// </summary>
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

    /// <summary>Whether lookups resolve links on this machine (the live table) rather than only <c>.</c> and <c>..</c> (a saved one).</summary>
    internal bool ResolvesLinks => _resolveLinks;

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
                    if (found.MountId != 0 && found.MountId <= int.MaxValue && _byId.TryGetValue((int)found.MountId, out int line))
                    {
                        return Entry(line);
                    }

                    break;
                }

                if (found.Errno is not (Errno.ENOENT or Errno.ENOTDIR))
                {
                    break;
                }
            }
        }

        int holder = Holder(Encoding.UTF8.GetBytes(Resolve(path)));
        return holder < 0 ? null : Entry(holder);
    }

    /// <summary>Whether a path held by <paramref name="holder"/> is on a volume: held by a mount other than the root mount.</summary>
    internal bool IsOnVolume(MountEntry? holder) => holder is not null && _root >= 0 && holder.Id != _id[_root];

    private int Holder(ReadOnlySpan<byte> target)
    {
        int current = _root;
        if (current < 0)
        {
            return LongestPrefix(target);
        }

        int end = 0;
        while (end < target.Length)
        {
            int next = target[(end + 1)..].IndexOf((byte)'/');
            end = next < 0 ? target.Length : end + 1 + next;
            int stack = _byMountPoint.First(target[..end]);
            if (stack >= 0)
            {
                current = Enter(current, stack);
            }
        }

        return current;
    }

    /// <summary>Steps from <paramref name="current"/> into the mounts stacked at one mount point, when they hang below it.</summary>
    private int Enter(int current, int stack)
    {
        // Mounts whose parent is where we are; failing that, mounts whose parent is not in the table at all
        // (a chroot or a partial saved table). A mount below some other, hidden mount is not entered.
        int here = _id[current];
        int below = -1;
        for (int line = stack; line >= 0; line = _byMountPoint.Next(line))
        {
            if (_parentId[line] == here && _id[line] != here)
            {
                below = line;
            }
        }

        if (below < 0)
        {
            for (int line = stack; line >= 0; line = _byMountPoint.Next(line))
            {
                if (!_byId.ContainsKey(_parentId[line]))
                {
                    below = line;
                }
            }
        }

        return below < 0 ? current : Top(below);
    }

    /// <summary>The top of a stack: from <paramref name="top"/>, follow children at the same mount point until none is left.</summary>
    private int Top(int top)
    {
        int stack = _byMountPoint.First(_byMountPoint.NameOf(top));
        for (int guard = 0; guard < _count; guard++)
        {
            int child = -1;
            for (int line = stack; line >= 0; line = _byMountPoint.Next(line))
            {
                if (_parentId[line] == _id[top] && _id[line] != _id[top])
                {
                    child = line;
                }
            }

            if (child < 0)
            {
                break;
            }

            top = child;
        }

        return top;
    }

    private int LongestPrefix(ReadOnlySpan<byte> target)
    {
        int best = -1;
        for (int line = 0; line < _count; line++)
        {
            ReadOnlySpan<byte> mountPoint = _byMountPoint.NameOf(line);
            if (IsUnder(target, mountPoint) && (best < 0 || mountPoint.Length >= _byMountPoint.NameOf(best).Length))
            {
                best = line;
            }
        }

        return best;
    }

    private static bool IsUnder(ReadOnlySpan<byte> path, ReadOnlySpan<byte> mountPoint) =>
        mountPoint is [(byte)'/']
        || (path.StartsWith(mountPoint) && (path.Length == mountPoint.Length || path[mountPoint.Length] == '/'));

    /// <summary>The entry of one line, made the first time it is asked for.</summary>
    private MountEntry Entry(int line)
    {
        if (_entries[line] is { } made)
        {
            return made;
        }

        MountInfoParser.TryParseLine(_text, _lineStart[line], _lineEnd[line], out MountInfoParser.LineFields fields);
        return Interlocked.CompareExchange(ref _entries[line], new MountEntry(_text, fields), null) ?? _entries[line]!;
    }

    private sealed class EntryList(MountTable table) : IReadOnlyList<MountEntry>
    {
        public MountEntry this[int index] =>
            (uint)index < (uint)table._count ? table.Entry(index) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => table._count;

        public IEnumerator<MountEntry> GetEnumerator()
        {
            for (int line = 0; line < table._count; line++)
            {
                yield return table.Entry(line);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
