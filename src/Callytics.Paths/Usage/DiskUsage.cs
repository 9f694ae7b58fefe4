using System.IO.Enumeration;

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
    /// Walks <paramref name="path"/> without following symbolic links, tolerating entries that vanish or cannot be
    /// read meanwhile (they are counted in <see cref="Skipped"/>).
    /// </summary>
    /// <param name="path">The directory.</param>
    /// <returns>The usage.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="path"/> is not a directory.</exception>
    public static DiskUsage Measure(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"{path} is not a directory.");
        }

        using var walk = new Walk(path);
        while (walk.MoveNext())
        {
        }

        return new DiskUsage(path, walk.Bytes, walk.Files, walk.Directories, walk.Skipped);
    }

    /// <summary>One pass over the tree; counts as it goes and yields nothing.</summary>
    private sealed class Walk(string path) : FileSystemEnumerator<bool>(path, new EnumerationOptions
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    })
    {
        internal long Bytes { get; private set; }

        internal long Files { get; private set; }

        internal long Directories { get; private set; }

        internal long Skipped { get; private set; }

        protected override bool ShouldIncludeEntry(ref FileSystemEntry entry)
        {
            if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                return false; // a symbolic link: neither counted nor followed
            }

            if (entry.IsDirectory)
            {
                Directories++;
            }
            else
            {
                try
                {
                    Bytes += entry.Length;
                    Files++;
                }
                catch (IOException)
                {
                    Skipped++; // vanished between listing and stat
                }
            }

            return false;
        }

        protected override bool ShouldRecurseIntoEntry(ref FileSystemEntry entry) =>
            (entry.Attributes & FileAttributes.ReparsePoint) == 0;

        protected override bool ContinueOnError(int error)
        {
            Skipped++;
            return true;
        }

        protected override bool TransformEntry(ref FileSystemEntry entry) => true;
    }
}
