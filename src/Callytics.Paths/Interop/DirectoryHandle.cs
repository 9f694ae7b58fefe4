using System.Buffers;

namespace Callytics.Paths.Interop;

/// <summary>
/// An open directory, reached without following a symbolic link, whose entries are read, inspected and removed
/// relative to it (openat, statx, unlinkat). A directory swapped for a link while it is being walked is never
/// followed: the walk holds the directory itself, not its name.
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    private static int Flags => Libc.ORead | Libc.ODirectory | Libc.ONoFollow | Libc.OCloseOnExec;
    private const int BufferSize = 32 * 1024;

    private int _closed;

    private DirectoryHandle(int descriptor)
    {
        Descriptor = descriptor;
    }

    /// <summary>The file descriptor.</summary>
    internal int Descriptor { get; }

    /// <summary>Opens <paramref name="path"/>; returns null and the errno when it fails.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="errno">Why it failed, or 0.</param>
    /// <param name="followLink">Whether a link as the last component is followed; by default it is refused (ELOOP).</param>
    internal static DirectoryHandle? Open(string path, out int errno, bool followLink = false)
    {
        int fd = Libc.Open(path, followLink ? Flags & ~Libc.ONoFollow : Flags, 0);
        errno = fd < 0 ? Libc.LastErrno : 0;
        return fd < 0 ? null : new DirectoryHandle(fd);
    }

    /// <summary>
    /// Opens the absolute <paramref name="path"/> one component at a time from <c>/</c>, following no link at any
    /// component: what it returns is reached through directories only, so nothing done through the handle (a change of
    /// owner) lands on a link's target. Returns null with the errno; <paramref name="link"/> names the first component
    /// that is a symbolic link, when that is why (ELOOP).
    /// </summary>
    internal static DirectoryHandle? OpenWithoutLinks(string path, out int errno, out string? link)
    {
        link = null;
        if (!path.StartsWith('/'))
        {
            errno = Errno.ENOENT;
            return null;
        }

        DirectoryHandle? current = Open("/", out errno);
        int start = 1;
        while (current is not null && start < path.Length)
        {
            int end = path.IndexOf('/', start);
            end = end < 0 ? path.Length : end;
            string name = path[start..end];
            start = end + 1;
            if (name.Length == 0)
            {
                continue;
            }

            if (name is "." or "..")
            {
                current.Dispose();
                errno = Errno.ELOOP;
                link = path[..end];
                return null;
            }

            byte[] nameWithNul = [.. FileName.Encode(name), 0];
            DirectoryHandle? child = current.OpenChild(nameWithNul, out errno);
            if (child is null && errno is Errno.ELOOP or Errno.ENOTDIR && current.Status(nameWithNul).IsSymbolicLink)
            {
                (errno, link) = (Errno.ELOOP, path[..end]);
            }

            current.Dispose();
            current = child;
        }

        return current;
    }

    /// <summary>Opens the subdirectory whose NUL-terminated name is <paramref name="nameWithNul"/> without following a link.</summary>
    internal unsafe DirectoryHandle? OpenChild(ReadOnlySpan<byte> nameWithNul, out int errno)
    {
        int fd;
        fixed (byte* name = nameWithNul)
        {
            fd = Libc.OpenAt(Descriptor, name, Flags, 0);
        }

        errno = fd < 0 ? Libc.LastErrno : 0;
        return fd < 0 ? null : new DirectoryHandle(fd);
    }

    /// <summary>
    /// The names of the entries (no <c>.</c> or <c>..</c>), each NUL-terminated, read in full before anything is
    /// done to them; entries that vanish meanwhile are simply absent.
    /// </summary>
    internal List<byte[]> Names()
    {
        var names = new List<byte[]>();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var entries = new DirectoryEntries(Descriptor, buffer);
            while (entries.MoveNext())
            {
                names.Add(entries.NameWithNul.ToArray());
            }

            // Unreadable: the caller counts what it could not see through the errno of its own calls.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return names;
    }

    /// <summary>lstat of the entry whose NUL-terminated name is <paramref name="nameWithNul"/>: a link is reported as a link.</summary>
    internal unsafe FileStatus Status(ReadOnlySpan<byte> nameWithNul, uint mask = Libc.StatxBasicStats)
    {
        int result;
        StatxBuffer buffer;
        fixed (byte* name = nameWithNul)
        {
            result = Libc.StatxAt(Descriptor, name, Libc.AtSymlinkNoFollow, mask, out buffer);
        }

        return FileStatus.From(result, buffer);
    }

    /// <summary>Removes the entry whose NUL-terminated name is <paramref name="nameWithNul"/> (a link as a link); returns 0 or the errno.</summary>
    internal unsafe int Remove(ReadOnlySpan<byte> nameWithNul, bool directory)
    {
        fixed (byte* name = nameWithNul)
        {
            return Libc.UnlinkAt(Descriptor, name, directory ? Libc.AtRemoveDir : 0) == 0 ? 0 : Libc.LastErrno;
        }
    }

    /// <summary>
    /// Creates the subdirectory <paramref name="name"/> with exactly <paramref name="mode"/> (the umask undone) and
    /// returns it open. The mode is set on the descriptor, never by name, and only after the directory is proven to be
    /// the one just made: right after mkdirat its lstat must be a directory owned by this user, and what openat then
    /// opens (links refused) must be that same inode. A name swapped for a link or another directory in between is
    /// left as it is and reported as <see cref="Errno.ELOOP"/>, so no mode lands on anything this call did not make.
    /// </summary>
    /// <param name="name">The new directory's name (one component).</param>
    /// <param name="mode">Its permission bits.</param>
    /// <param name="errno">0, the errno of mkdirat or openat, or ELOOP when the directory was replaced.</param>
    /// <param name="created">Whether this call made it; false when it already existed (then it is opened, following a link, and its mode left alone).</param>
    internal DirectoryHandle? CreateChild(string name, uint mode, out int errno, out bool created)
    {
        created = false;
        if (Libc.MkdirAt(Descriptor, name, mode) != 0)
        {
            errno = Libc.LastErrno;
            if (errno != Errno.EEXIST)
            {
                return null;
            }

            int existing = Libc.OpenAtName(Descriptor, name, Flags & ~Libc.ONoFollow, 0);
            errno = existing < 0 ? Libc.LastErrno : 0;
            return existing < 0 ? null : new DirectoryHandle(existing);
        }

        created = true;
        StatxBuffer buffer;
        int made = Libc.Statx(Descriptor, name, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out buffer);
        FileStatus madeStatus = FileStatus.From(made, buffer);
        int fd = Libc.OpenAtName(Descriptor, name, Flags, 0);
        errno = fd < 0 ? Libc.LastErrno : 0;
        if (fd < 0)
        {
            errno = errno is Errno.ENOTDIR or Errno.ENOENT ? Errno.ELOOP : errno;
            return null;
        }

        var child = new DirectoryHandle(fd);
        FileStatus opened = FileStatus.OfDescriptor(fd);
        if (!madeStatus.IsDirectory || madeStatus.Uid != Libc.GetEffectiveUserId() || !opened.IsSameFileAs(madeStatus))
        {
            child.Dispose();
            errno = Errno.ELOOP;
            return null;
        }

        if (Libc.FChmod(fd, mode) != 0)
        {
            errno = Libc.LastErrno;
            child.Dispose();
            return null;
        }

        return child;
    }

    /// <summary>What this handle holds: device, inode, owner and mount, whatever its name now points to.</summary>
    internal FileStatus Identity => FileStatus.OfDescriptor(Descriptor);

    /// <summary>How many levels below its start a walk or a removal descends; deeper directories are left alone, never a crash.</summary>
    internal const int MaxDepth = 512;

    /// <summary>
    /// Removes everything below this directory without following any link and without entering another mount or
    /// going deeper than <see cref="MaxDepth"/> levels. Iterative: a tree of any depth costs no stack.
    /// </summary>
    /// <returns>The bytes of the regular files really removed, and what stopped a part of the removal, if anything.</returns>
    internal RemovalResult RemoveContents()
    {
        FileStatus root = Identity;
        long bytes = 0;
        string? failure = null;
        var stack = new Stack<RemovalFrame>();
        stack.Push(new RemovalFrame(this, owned: false, nameInParent: null));
        try
        {
            while (stack.TryPeek(out RemovalFrame? frame))
            {
                if (frame.Index == frame.Names.Count)
                {
                    stack.Pop();
                    frame.Close();
                    if (frame.NameInParent is { } finished && stack.TryPeek(out RemovalFrame? parent) && parent.Handle.Remove(finished, directory: true) is int rmdir and not 0)
                    {
                        failure ??= Removing(finished, rmdir);
                    }

                    continue;
                }

                byte[] name = frame.Names[frame.Index++];
                FileStatus status = frame.Handle.Status(name, Libc.StatxBasicStats | Libc.StatxMountId);
                if (!status.Exists)
                {
                    continue; // gone meanwhile
                }

                if (!status.IsDirectory)
                {
                    int unlinked = frame.Handle.Remove(name, directory: false);
                    if (unlinked != 0)
                    {
                        failure ??= Removing(name, unlinked);
                    }
                    else if (status.IsRegularFile)
                    {
                        bytes += (long)status.Size;
                    }

                    continue;
                }

                if (OnAnotherMount(root, status))
                {
                    failure ??= $"{Shown(name)} is a mount point: another filesystem is mounted there, and it is left alone";
                    continue;
                }

                if (stack.Count > MaxDepth)
                {
                    failure ??= $"{Shown(name)} lies more than {MaxDepth} levels deep, and is left alone";
                    continue;
                }

                DirectoryHandle? child = frame.Handle.OpenChild(name, out int errno);
                if (child is null)
                {
                    failure ??= Removing(name, errno);
                    continue;
                }

                stack.Push(new RemovalFrame(child, owned: true, nameInParent: name));
            }
        }
        finally
        {
            while (stack.TryPop(out RemovalFrame? frame))
            {
                frame.Close();
            }
        }

        return new RemovalResult(bytes, failure);
    }

    /// <summary>
    /// The newest modification time (seconds) of this directory's entries and everything below, links not followed;
    /// the bytes of its regular files (what removing it would free); and whether the tree holds a mount point or lies
    /// deeper than <see cref="MaxDepth"/> (a sweep then leaves it alone). One walk, this mount only.
    /// </summary>
    internal (long Newest, long Bytes, WalkLimit Limit) Survey(long start)
    {
        (long newest, long bytes) = (start, 0);
        WalkLimit limit = Walk((in FileStatus status) =>
        {
            newest = Math.Max(newest, status.ModifiedSeconds);
            bytes += status.IsRegularFile ? (long)status.Size : 0;
        }, visit: null, sameMount: true);
        return (newest, bytes, limit);
    }

    /// <summary>Receives the lstat of one entry of a walk.</summary>
    internal delegate void EntryVisitor(in FileStatus status);

    /// <summary>Receives a directory the walk could not open or list, with the errno.</summary>
    internal delegate void FailureVisitor(int errno);

    /// <summary>
    /// Visits every entry below this directory, depth first, links reported but never followed. The directory is
    /// listed and each entry's lstat taken as the listing goes; subdirectories are entered through their handle, one
    /// listing per level on a stack of its own (no recursion: a tree of any depth costs no thread stack). A directory
    /// deeper than <see cref="MaxDepth"/> levels, or (with <paramref name="sameMount"/>) on another mount, is visited
    /// but not entered.
    /// </summary>
    /// <param name="entry">Called for every entry that could be stat'ed.</param>
    /// <param name="visit">Called when an entry vanished, a directory could not be opened or listed, or was not entered; may be null.</param>
    /// <param name="mask">What statx should fill in.</param>
    /// <param name="sameMount">Whether to stay on this directory's mount.</param>
    /// <returns>The first limit that kept the walk out of a directory, or <see cref="WalkLimit.None"/>.</returns>
    internal WalkLimit Walk(EntryVisitor entry, FailureVisitor? visit, uint mask = Libc.StatxBasicStats, bool sameMount = false)
    {
        FileStatus root = sameMount ? Identity : default;
        mask |= sameMount ? Libc.StatxMountId : 0;
        WalkLimit limit = WalkLimit.None;
        var stack = new Stack<WalkFrame>();
        stack.Push(new WalkFrame(this, owned: false));
        try
        {
            while (stack.TryPeek(out WalkFrame? frame))
            {
                if (!frame.Entries.MoveNext())
                {
                    if (frame.Entries.Errno != 0)
                    {
                        visit?.Invoke(frame.Entries.Errno);
                    }

                    stack.Pop().Close();
                    continue;
                }

                FileStatus status = frame.Handle.Status(frame.Entries.NameWithNul, mask);
                if (!status.Exists)
                {
                    visit?.Invoke(status.Errno);
                    continue;
                }

                entry(status);
                if (!status.IsDirectory)
                {
                    continue;
                }

                WalkLimit stop = sameMount && OnAnotherMount(root, status) ? WalkLimit.MountPoint
                    : stack.Count > MaxDepth ? WalkLimit.TooDeep
                    : WalkLimit.None;
                if (stop != WalkLimit.None)
                {
                    limit = limit == WalkLimit.None ? stop : limit;
                    visit?.Invoke(stop == WalkLimit.TooDeep ? Errno.ELOOP : Errno.EXDEV);
                    continue;
                }

                DirectoryHandle? child = frame.Handle.OpenChild(frame.Entries.NameWithNul, out int errno);
                if (child is null)
                {
                    visit?.Invoke(errno);
                }
                else
                {
                    stack.Push(new WalkFrame(child, owned: true));
                }
            }
        }
        finally
        {
            while (stack.TryPop(out WalkFrame? frame))
            {
                frame.Close();
            }
        }

        return limit;
    }

    /// <summary>Whether <paramref name="entry"/> is held by another mount than <paramref name="root"/> (mount id; the device where statx has none).</summary>
    private static bool OnAnotherMount(in FileStatus root, in FileStatus entry) =>
        root.MountId != 0 && entry.MountId != 0
            ? root.MountId != entry.MountId
            : root.DeviceMajor != entry.DeviceMajor || root.DeviceMinor != entry.DeviceMinor;

    private static string Shown(ReadOnlySpan<byte> nameWithNul) => FileName.Show(nameWithNul[..^1]);

    private static string Removing(ReadOnlySpan<byte> nameWithNul, int errno) =>
        $"removing {Shown(nameWithNul)} failed: {Libc.Describe(errno).ToLowerInvariant()}";

    /// <summary>One directory of a walk: its handle and its listing, read as the walk goes.</summary>
    private sealed class WalkFrame
    {
        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        private readonly bool _owned;

        public WalkFrame(DirectoryHandle handle, bool owned)
        {
            Handle = handle;
            _owned = owned;
            Entries = new DirectoryEntries(handle.Descriptor, _buffer);
        }

        public DirectoryHandle Handle { get; }

        /// <summary>The listing; a field, so that moving through it changes this frame's copy.</summary>
        public DirectoryEntries Entries;

        public void Close()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            if (_owned)
            {
                Handle.Dispose();
            }
        }
    }

    /// <summary>One directory of a removal: its names, read in full before any is removed.</summary>
    private sealed class RemovalFrame(DirectoryHandle handle, bool owned, byte[]? nameInParent)
    {
        public DirectoryHandle Handle => handle;

        public List<byte[]> Names { get; } = handle.Names();

        public int Index { get; set; }

        public byte[]? NameInParent => nameInParent;

        public void Close()
        {
            if (owned)
            {
                handle.Dispose();
            }
        }
    }

    /// <summary>Closes the descriptor, once: a second close could close a descriptor the number was reused for.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _ = Libc.Close(Descriptor);
        }
    }
}
