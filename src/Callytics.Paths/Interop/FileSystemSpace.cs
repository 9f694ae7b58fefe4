namespace Callytics.Paths.Interop;

/// <summary>The free and total bytes of the filesystem holding a path (statvfs; free is what an unprivileged user may use).</summary>
internal readonly record struct FileSystemSpace(ulong FreeBytes, ulong TotalBytes)
{
    /// <summary>Measures the filesystem holding <paramref name="path"/>, or its nearest existing ancestor; null when none can be measured.</summary>
    internal static FileSystemSpace? Of(string path)
    {
        string? current = path;
        while (current is not null)
        {
            if (Libc.StatVfs(current, out StatVfsBuffer buffer) == 0)
            {
                return new FileSystemSpace(buffer.BlocksAvailable * buffer.FragmentSize, buffer.Blocks * buffer.FragmentSize);
            }

            if (Libc.LastErrno != Errno.ENOENT)
            {
                return null;
            }

            current = Path.GetDirectoryName(current);
        }

        return null;
    }
}
