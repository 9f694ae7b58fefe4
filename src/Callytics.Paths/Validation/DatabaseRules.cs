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
                error, FindingMessages.DatabaseUrlInvalidFix));
            return null;
        }

        if (!database.IsSqlite || database.IsInMemory)
        {
            // A host holding '@' is the tail of a password with an unencoded '@' (the URL's password ends at its first
            // '@', as SQLAlchemy reads it): it is shown masked, and the fix says how to write the password.
            int at = database.Host?.LastIndexOf('@') ?? -1;
            string host = at < 0 ? database.Host ?? "default host" : SecretMask.Masked + database.Host![at..];
            findings.Add(new PathFinding(FindingSeverity.Information, FindingCodes.DatabaseNotOnDisk, Variable, database.ToString(), database.IsSqlite
                ? FindingMessages.DatabaseInMemory(Variable)
                : FindingMessages.DatabaseServer(Variable, database.Dialect, host, database.Port, unencodedAt: at >= 0)));
            return database;
        }

        string file = database.FilePath!;
        if (database.IsRelative)
        {
            findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.DatabaseRelativePath, Variable, database.ToString(),
                FindingMessages.DatabaseRelativePath(Variable, database, workingDirectory, file)));
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
                    FindingMessages.DatabaseReadOnlyMissing(Variable, file)));
            }

            usable = directoryUsable && !database.IsReadOnly;
            return database; // a missing file is fine: SQLite creates it on first use
        }

        if (status.IsDirectory)
        {
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseIsDirectory, Variable, file,
                FindingMessages.DatabaseIsDirectory(Variable, file, directory)));
            return database;
        }

        if (!status.IsRegularFile)
        {
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseNotRegularFile, Variable, file,
                FindingMessages.DatabaseNotRegularFile(Variable, file, status.Kind)));
            return database;
        }

        int access = Libc.ReadOk | (database.IsReadOnly ? 0 : Libc.WriteOk);
        usable = directoryUsable;
        if (Libc.FAccessAt(Libc.AtFdCwd, file, access, Libc.AtEAccess) != 0)
        {
            usable = false;
            int errno = Libc.LastErrno;
            string lead = FindingMessages.DatabaseNotAccessibleLead(Variable, file, database.IsReadOnly, AccessAdvice.Cause(errno));
            if (Errno.IsPermission(errno))
            {
                (string detail, string fix) = AccessAdvice.Permission(DirectoryInspector.Identity, Variable, file, file, status, "u+rw");
                findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseNotAccessible, Variable, file, FindingMessages.WithDetail(lead, detail), fix));
            }
            else
            {
                findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.DatabaseNotAccessible, Variable, file, FindingMessages.WithDetail(lead, null),
                    errno == Errno.EROFS ? AccessAdvice.ReadOnlyFix(directory) : FindingMessages.CheckFileSystemFix(file)));
            }
        }

        return database;
    }
}
