namespace Callytics.Paths.Interop;

/// <summary>
/// The bytes of the filesystem holding a path (statvfs): free is what an unprivileged user may still use, reserved
/// what only root may (<c>f_bfree - f_bavail</c>), used the rest of the total.
/// </summary>
internal readonly record struct FileSystemSpace(ulong FreeBytes, ulong TotalBytes, ulong ReservedBytes = 0)
{
    /// <summary>The bytes in use: the total less the free and the reserved.</summary>
    internal ulong UsedBytes => TotalBytes - Math.Min(TotalBytes, FreeBytes + ReservedBytes);

    /// <summary>Measures the filesystem holding <paramref name="path"/>, or its nearest existing ancestor; null when none can be measured.</summary>
    internal static FileSystemSpace? Of(string path)
    {
        string? current = path;
        while (current is not null)
        {
            if (Libc.StatVfs(current, out StatVfsBuffer buffer) == 0)
            {
                return new FileSystemSpace(buffer.BlocksAvailable * buffer.FragmentSize, buffer.Blocks * buffer.FragmentSize,
                    (buffer.BlocksFree - Math.Min(buffer.BlocksFree, buffer.BlocksAvailable)) * buffer.FragmentSize);
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
