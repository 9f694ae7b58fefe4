using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>
/// The <c>DATABASE_URL</c> rules: a parseable URL; for a SQLite file, a writable directory (SQLite writes its
/// journal and WAL beside the database) and, when the file exists, a regular file this process can read and write.
/// Never creates, truncates or opens the database for writing.
/// </summary>
internal static class DatabaseRules
{
    private const string Variable = CallyticsPathsVariables.DatabaseUrl;

    /// <summary>Checks <paramref name="url"/>, adding findings; returns the parsed URL when it parses.</summary>
    internal static DatabaseUrl? Inspect(string url, string workingDirectory, string? dataDirectory, DirectoryInspector directories,
        VolumeRules? volumes, List<PathFinding> findings, out bool usable)
    {
        usable = false;
        if (!DatabaseUrl.TryParse(url, workingDirectory, out DatabaseUrl? database, out string? error))
        {
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseUrlInvalid, Variable, DisplayText.Of(DatabaseUrl.Mask(url)),
                error, "Use sqlite:////absolute/path/Callytics_new.sqlite (four slashes for an absolute path), or a server URL such as postgresql://user:***@host:5432/db."));
            return null;
        }

        if (!database.IsSqlite || database.IsInMemory)
        {
            // A host holding '@' is the tail of a password with an unencoded '@' (the URL's password ends at its first
            // '@', as SQLAlchemy reads it): it is shown masked, and the fix says how to write the password.
            int at = database.Host?.LastIndexOf('@') ?? -1;
            string host = at < 0 ? database.Host ?? "default host" : SecretMask.Masked + database.Host![at..];
            string what = database.IsSqlite
                ? "is an in-memory SQLite database: nothing is checked on disk, and its data is gone when the process exits."
                : $"names a {database.Dialect} server ({host}{(database.Port is null ? string.Empty : ":" + database.Port)}); it is not checked on disk."
                    + (at < 0 ? string.Empty : " Its password holds an unencoded '@', so SQLAlchemy reads the password up to that '@' and the rest as the host name.");
            findings.Add(new PathFinding(FindingSeverity.Information, FindingCodes.DatabaseNotOnDisk, Variable, database.ToString(),
                $"{Variable} {what}", at < 0 ? string.Empty : "Write '@' in the password as %40."));
            return database;
        }

        string file = database.FilePath!;
        if (database.IsRelative)
        {
            string suggestion = database.AbsoluteUrlSuggestion is null ? string.Empty : $", did you mean {database.AbsoluteUrlSuggestion}";
            findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.DatabaseRelativePath, Variable, database.ToString(),
                $"{Variable} {database} has three slashes, so its path is relative: in working directory {workingDirectory} it resolves to {file}{suggestion}? The Python services resolve it the same way, from their own working directory.",
                database.AbsoluteUrlSuggestion is null ? "Use an absolute path in the URL." : $"Set {Variable}={database.AbsoluteUrlSuggestion} (four slashes: an absolute path)."));
        }

        string directory = Path.GetDirectoryName(file) ?? "/";
        int before = findings.Count;
        (bool mayCreate, bool skipWriteProbe) = volumes?.CheckDatabase(file, database.IsReadOnly, dataDirectory, findings) ?? (true, false);
        for (int i = before; i < findings.Count; i++)
        {
            if (findings[i].Code == FindingCodes.DatabaseDirectoryMount)
            {
                return database; // said with its cause; a second finding for the same directory would add nothing
            }
        }

        bool directoryUsable = directories.Inspect(Variable, directory, writes: !database.IsReadOnly && !skipWriteProbe, RoleLayout.SharedMode, findings, mayCreate,
            relativeValue: database.IsRelative ? database.ToString() : null, absoluteValue: database.IsRelative ? database.AbsoluteUrlSuggestion : null);
        FileStatus status = directories.Statuses.Of(file);
        if (!status.Exists)
        {
            if (database.IsReadOnly && directoryUsable)
            {
                findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseNotAccessible, Variable, file,
                    $"{Variable} opens {file} read-only (mode=ro), but the file does not exist.",
                    $"Create or copy the database to {file}, or drop mode=ro."));
            }

            usable = directoryUsable && !database.IsReadOnly;
            return database; // a missing file is fine: SQLite creates it on first use
        }

        if (status.IsDirectory)
        {
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseIsDirectory, Variable, file,
                $"{Variable} names {file}, but that is a directory, not a database file. Docker creates a directory there when a bind mount's host file does not exist (`./Callytics_new.sqlite:{file}` before the file was created on the host).",
                $"Create the file on the host before starting (`touch ./{Path.GetFileName(file)}`) and remove the empty directory, or better, mount a directory (`./data:{directory}`) and point {Variable} to a file inside it."));
            return database;
        }

        if (!status.IsRegularFile)
        {
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseNotRegularFile, Variable, file,
                $"{Variable} names {file}, which is {status.Kind}, not a regular file.",
                $"Point {Variable} at a regular SQLite file."));
            return database;
        }

        int access = Libc.ReadOk | (database.IsReadOnly ? 0 : Libc.WriteOk);
        usable = directoryUsable;
        if (Libc.FAccessAt(Libc.AtFdCwd, file, access, Libc.AtEAccess) != 0)
        {
            usable = false;
            int errno = Libc.LastErrno;
            string need = database.IsReadOnly ? "read" : "read and write";
            string lead = $"{Variable} database {file} exists but this process cannot {need} it: {AccessAdvice.Cause(errno)}";
            if (Errno.IsPermission(errno))
            {
                (string detail, string fix) = AccessAdvice.Permission(DirectoryInspector.Identity, Variable, file, file, status, "u+rw");
                findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseNotAccessible, Variable, file, $"{lead} ({detail}).", fix));
            }
            else
            {
                findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseNotAccessible, Variable, file, $"{lead}.",
                    errno == Errno.EROFS ? AccessAdvice.ReadOnlyFix(directory) : $"Check the filesystem holding {file}."));
            }
        }

        return database;
    }
}
