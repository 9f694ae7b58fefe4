using Callytics.Paths.Interop;

namespace Callytics.Paths.Usage;

/// <summary>How much a directory tree holds, like <c>du -sb</c>: apparent sizes of regular files, files and directories.</summary>
/// <param name="Path">The directory measured.</param>
/// <param name="Bytes">The apparent sizes of the regular files, added up.</param>
/// <param name="Files">The regular files.</param>
/// <param name="Directories">The directories below it (itself not counted).</param>
/// <param name="Skipped">The entries that vanished or could not be read during the walk.</param>
public sealed record DiskUsage(string Path, long Bytes, long Files, long Directories, long Skipped)
{
    /// <summary>
    /// Walks <paramref name="path"/> (a link there is followed) without following symbolic links below it,
    /// tolerating entries that vanish or cannot be read meanwhile (they are counted in <see cref="Skipped"/>).
    /// Like <c>du</c>, it lists each directory once and asks for each entry's size relative to its directory.
    /// </summary>
    /// <param name="path">The directory.</param>
    /// <returns>The usage.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="path"/> is not a directory.</exception>
    /// <exception cref="IOException"><paramref name="path"/> cannot be opened.</exception>
    public static DiskUsage Measure(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using DirectoryHandle? root = DirectoryHandle.Open(path, out int errno, followLink: true);
        if (root is null)
        {
            throw errno is Errno.ENOENT or Errno.ENOTDIR
                ? new DirectoryNotFoundException($"{path} is not a directory.")
                : new IOException($"{path}: {Libc.Describe(errno)}", errno);
        }

        long bytes = 0, files = 0, directories = 0, skipped = 0;
        root.Walk(
            (in FileStatus status) =>
            {
                if (status.IsDirectory)
                {
                    directories++;
                }
                else if (status.IsRegularFile)
                {
                    bytes += (long)status.Size;
                    files++;
                }
            },
            errno => skipped++, // vanished between listing and stat, or a directory that cannot be opened or listed
            Libc.StatxType | Libc.StatxSize);
        return new DiskUsage(path, bytes, files, directories, skipped);
    }
}
