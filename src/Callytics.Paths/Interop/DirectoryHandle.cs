namespace Callytics.Paths.Interop;

/// <summary>
/// An open directory, reached without following a symbolic link, whose entries are read, inspected and removed
/// relative to it (openat, statx, unlinkat). A directory swapped for a link while it is being walked is never
/// followed: the walk holds the directory itself, not its name.
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    private const int Flags = Libc.ORead | Libc.ODirectory | Libc.ONoFollow | Libc.OCloseOnExec;

    private DirectoryHandle(int descriptor)
    {
        Descriptor = descriptor;
    }

    /// <summary>The file descriptor.</summary>
    internal int Descriptor { get; }

    /// <summary>Opens <paramref name="path"/> (its last component must not be a link); returns null and the errno when it fails.</summary>
    internal static DirectoryHandle? Open(string path, out int errno)
    {
        int fd = Libc.Open(path, Flags, 0);
        errno = fd < 0 ? Libc.LastErrno : 0;
        return fd < 0 ? null : new DirectoryHandle(fd);
    }

    /// <summary>Opens the subdirectory <paramref name="name"/> without following a link.</summary>
    internal DirectoryHandle? OpenChild(string name, out int errno)
    {
        int fd = Libc.OpenAt(Descriptor, name, Flags, 0);
        errno = fd < 0 ? Libc.LastErrno : 0;
        return fd < 0 ? null : new DirectoryHandle(fd);
    }

    /// <summary>The names of the entries (no <c>.</c> or <c>..</c>); entries that vanish meanwhile are simply absent.</summary>
    internal List<string> Names()
    {
        var names = new List<string>();
        try
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries($"/proc/self/fd/{Descriptor}"))
            {
                names.Add(Path.GetFileName(entry));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Unreadable: the caller counts what it could not see through the errno of its own calls.
        }

        return names;
    }

    /// <summary>lstat of an entry: a link is reported as a link.</summary>
    internal FileStatus Status(string name)
    {
        int result = Libc.StatxAt(Descriptor, name, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out StatxBuffer buffer);
        return result != 0
            ? new FileStatus(Libc.LastErrno, 0, 0, 0, 0, 0, 0, 0, 0)
            : new FileStatus(0, buffer.Uid, buffer.Gid, buffer.Mode, buffer.Size, buffer.ModifiedSeconds, 0, buffer.DeviceMajor, buffer.DeviceMinor);
    }

    /// <summary>Removes an entry (a link as a link); returns 0 or the errno.</summary>
    internal int Remove(string name, bool directory) =>
        Libc.UnlinkAt(Descriptor, name, directory ? Libc.AtRemoveDir : 0) == 0 ? 0 : Libc.LastErrno;

    /// <summary>Removes everything below this directory without following any link; returns the bytes of the regular files removed.</summary>
    internal long RemoveContents()
    {
        long bytes = 0;
        foreach (string name in Names())
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
        foreach (string name in Names())
        {
            FileStatus status = Status(name);
            if (status.IsRegularFile)
            {
                bytes += (long)status.Size;
            }
            else if (status.IsDirectory)
            {
                using DirectoryHandle? child = OpenChild(name, out _);
                bytes += child?.ContentBytes() ?? 0;
            }
        }

        return bytes;
    }

    /// <summary>The newest modification time (seconds) of this directory's entries and everything below, links not followed.</summary>
    internal long NewestModification(long start)
    {
        long newest = start;
        foreach (string name in Names())
        {
            FileStatus status = Status(name);
            if (!status.Exists)
            {
                continue;
            }

            newest = Math.Max(newest, status.ModifiedSeconds);
            if (status.IsDirectory)
            {
                using DirectoryHandle? child = OpenChild(name, out _);
                newest = child?.NewestModification(newest) ?? newest;
            }
        }

        return newest;
    }

    public void Dispose() => _ = Libc.Close(Descriptor);
}
