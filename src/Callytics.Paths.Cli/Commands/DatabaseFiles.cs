using Callytics.Paths.Interop;

namespace Callytics.Paths.Cli.Commands;

/// <summary>
/// Which host files <c>compose fix --write</c> may move into the data folder: a SQLite database (its first 16 bytes
/// are <c>SQLite format 3\0</c>) and its <c>-wal</c>, <c>-shm</c> and <c>-journal</c> companions, each a regular file
/// (not a link) inside the compose file's project folder, reached through no link. Anything else a compose file names
/// (<c>/tmp/x/passwd:/app/Callytics_new.sqlite</c>) stays where it is.
/// </summary>
internal static class DatabaseFiles
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    /// <summary>Null when <paramref name="path"/> may be moved; otherwise why not.</summary>
    internal static string? Movable(string path, string projectDirectory, bool companion = false)
    {
        string full = Path.GetFullPath(path);
        string project = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory));
        if (!full.StartsWith(project + "/", StringComparison.Ordinal))
        {
            return $"it lies outside the compose file's folder {project}";
        }

        string parent = Path.GetDirectoryName(full) ?? "/";
        if (RealPath.OfLongestExistingPrefix(parent) != parent || RealPath.OfLongestExistingPrefix(project) != project)
        {
            return "a symbolic link lies on its way";
        }

        FileStatus status = FileStatus.Of(full, followLinks: false);
        if (!status.IsRegularFile)
        {
            return $"it is {status.Kind}, not a regular file";
        }

        if (companion)
        {
            return null;
        }

        byte[] header = new byte[SqliteHeader.Length];
        using (FileStream stream = File.OpenRead(full))
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
            {
                return "it is not a SQLite database (no SQLite header)";
            }
        }

        return null;
    }
}
