using System.Buffers;

namespace Callytics.Paths.Interop;

/// <summary>
/// An open directory, reached without following a symbolic link, whose entries are read, inspected and removed
/// relative to it (openat, statx, unlinkat). A directory swapped for a link while it is being walked is never
/// followed: the walk holds the directory itself, not its name.
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    private const int Flags = Libc.ORead | Libc.ODirectory | Libc.ONoFollow | Libc.OCloseOnExec;
    private const int BufferSize = 32 * 1024;

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

    /// <summary>Removes everything below this directory without following any link; returns the bytes of the regular files removed.</summary>
    internal long RemoveContents()
    {
        long bytes = 0;
        foreach (byte[] name in Names())
        {
            FileStatus status = Status(name);
            if (!status.Exists)
            {
                continue;
            }

            if (status.IsDirectory)
            {
                using (DirectoryHandle? child = OpenChild(name, out _))
                {
                    bytes += child?.RemoveContents() ?? 0;
                }

                _ = Remove(name, directory: true);
            }
            else
            {
                if (Remove(name, directory: false) == 0 && status.IsRegularFile)
                {
                    bytes += (long)status.Size;
                }
            }
        }

        return bytes;
    }

    /// <summary>The bytes of the regular files below this directory, links not followed (what removing it would free).</summary>
    internal long ContentBytes()
    {
        long bytes = 0;
        Walk((in FileStatus status) =>
        {
            if (status.IsRegularFile)
            {
                bytes += (long)status.Size;
            }
        }, visit: null);
        return bytes;
    }

    /// <summary>The newest modification time (seconds) of this directory's entries and everything below, links not followed.</summary>
    internal long NewestModification(long start)
    {
        long newest = start;
        Walk((in FileStatus status) => newest = Math.Max(newest, status.ModifiedSeconds), visit: null);
        return newest;
    }

    /// <summary>Receives the lstat of one entry of a walk.</summary>
    internal delegate void EntryVisitor(in FileStatus status);

    /// <summary>Receives a directory the walk could not open or list, with the errno.</summary>
    internal delegate void FailureVisitor(int errno);

    /// <summary>
    /// Visits every entry below this directory, depth first, links reported but never followed. The directory is
    /// listed and each entry's lstat taken as the listing goes; subdirectories are entered through their handle.
    /// </summary>
    /// <param name="entry">Called for every entry that could be stat'ed.</param>
    /// <param name="visit">Called when an entry vanished or a directory could not be opened or listed; may be null.</param>
    /// <param name="mask">What statx should fill in.</param>
    internal void Walk(EntryVisitor entry, FailureVisitor? visit, uint mask = Libc.StatxBasicStats)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var entries = new DirectoryEntries(Descriptor, buffer);
            while (entries.MoveNext())
            {
                FileStatus status = Status(entries.NameWithNul, mask);
                if (!status.Exists)
                {
                    visit?.Invoke(status.Errno);
                    continue;
                }

                entry(status);
                if (status.IsDirectory)
                {
                    using DirectoryHandle? child = OpenChild(entries.NameWithNul, out int errno);
                    if (child is null)
                    {
                        visit?.Invoke(errno);
                    }
                    else
                    {
                        child.Walk(entry, visit, mask);
                    }
                }
            }

            if (entries.Errno != 0)
            {
                visit?.Invoke(entries.Errno);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _ = Libc.Close(Descriptor);
}
