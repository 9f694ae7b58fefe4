using Callytics.Paths.Metrics;
using System.Globalization;
using System.Text;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Microsoft.Extensions.Options;

namespace Callytics.Paths;

/// <summary>The <see cref="ITempSessions"/> of the validated layout.</summary>
public sealed class TempSessions : ITempSessions
{
    internal const string Prefix = "session_";

    private static ReadOnlySpan<byte> PrefixBytes => "session_"u8;
    private const uint PrivateMode = 0x1C0; // 0700

    private readonly IOptions<CallyticsPaths> _paths;
    private readonly TimeProvider _time;
    private readonly CallyticsPathsMetrics? _metrics;

    /// <summary>The sessions of <paramref name="paths"/>' temp directory, outside the DI container (the tool's sweep).</summary>
    /// <param name="paths">The layout.</param>
    /// <param name="time">The clock sessions' ages are read against; the system's by default.</param>
    public TempSessions(IOptions<CallyticsPaths> paths, TimeProvider? time = null)
        : this(paths, time, null)
    {
    }

    /// <summary>The sessions DI registers, counted by the metrics.</summary>
    internal TempSessions(IOptions<CallyticsPaths> paths, TimeProvider? time, CallyticsPathsMetrics? metrics)
    {
        _paths = paths;
        _time = time ?? TimeProvider.System;
        _metrics = metrics;
    }

    /// <summary>Whether the service uses the temp role; the background sweep runs only when it does.</summary>
    internal bool UsesTemp => _paths.Value.Uses(PathRole.Temp);

    /// <inheritdoc/>
    public TempSession Create(string? id = null)
    {
        if (id is not null && !IsValidId(id))
        {
            throw new ArgumentException("A session id is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.", nameof(id));
        }

        id ??= Convert.ToHexStringLower(Libc.RandomBytes(16));
        RequireTemp(_paths.Value, "create a temp session");
        string tempDir = _paths.Value.TempDir;
        string path = Path.Join(tempDir, Prefix + id);
        bool created = false;
        using DirectoryHandle? temp = DirectoryHandle.Open(tempDir, out int errno, followLink: true);
        using DirectoryHandle? session = temp?.CreateChild(Prefix + id, PrivateMode, out errno, out created);
        if (session is null || !created)
        {
            throw new IOException(errno switch
            {
                _ when session is not null || errno == Errno.EEXIST =>
                    $"The temp session directory {path} already exists: a session id is never reused while its files are there.",
                Errno.ELOOP when temp is not null =>
                    $"The temp session directory {path} was replaced by a link or another directory while it was being created: it was left as it is, and no mode was changed. Something else writes in TEMP_DIR={tempDir}; give TEMP_DIR to this service alone (mode 0700).",
                _ => $"Cannot create the temp session directory {path} (TEMP_DIR={tempDir}): {Libc.Describe(errno).ToLowerInvariant()}.",
            });
        }

        _metrics?.SessionCreated();
        return new TempSession(id, path, session.Identity, _metrics);
    }

    /// <inheritdoc/>
    public TempSessionSweepResult Sweep(TimeSpan olderThan, bool dryRun = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        CallyticsPaths paths = _paths.Value;
        RequireTemp(paths, "sweep temp sessions");
        string tempDir = RealPath.OfLongestExistingPrefix(paths.TempDir);
        RefuseUnsafeTempDir(paths, tempDir);
        long cutoff = (_time.GetUtcNow() - olderThan).ToUnixTimeSeconds();
        var swept = new List<SweptTempSession>();
        var skipped = new List<SkippedTempSession>();

        using DirectoryHandle? temp = DirectoryHandle.Open(tempDir, out int errno);
        if (temp is null)
        {
            return errno == Errno.ENOENT
                ? new TempSessionSweepResult([], dryRun, [])
                : throw new IOException($"Cannot open TEMP_DIR {tempDir} to sweep it: {Libc.Describe(errno).ToLowerInvariant()}.");
        }

        foreach (byte[] name in temp.Names())
        {
            if (!name.AsSpan().StartsWith(PrefixBytes))
            {
                continue;
            }

            string path = Path.Join(tempDir, FileName.Decode(name.AsSpan()[..^1]));
            FileStatus status = temp.Status(name);
            using DirectoryHandle? session = status.IsDirectory ? temp.OpenChild(name, out errno) : null;
            if (session is null)
            {
                if (status.Exists)
                {
                    skipped.Add(new SkippedTempSession(path, status.IsDirectory
                        ? $"it cannot be opened: {Libc.Describe(errno).ToLowerInvariant()}"
                        : $"it is {status.Kind}, not a directory", 0));
                }

                continue; // gone meanwhile
            }

            (long newest, long bytes, WalkLimit limit) = session.Survey(status.ModifiedSeconds);
            if (newest >= cutoff)
            {
                continue;
            }

            if (limit != WalkLimit.None)
            {
                skipped.Add(new SkippedTempSession(path, limit == WalkLimit.MountPoint
                    ? "it holds a mount point (another filesystem is mounted inside it), and a sweep never reaches into another filesystem; unmount it first"
                    : $"it is more than {DirectoryHandle.MaxDepth} levels deep; remove it by hand", 0));
                continue;
            }

            if (dryRun)
            {
                swept.Add(new SweptTempSession(path, bytes, DateTimeOffset.FromUnixTimeSeconds(newest)));
                continue;
            }

            RemovalResult removal = session.RemoveContents();
            int removed = removal.Failure is null ? temp.Remove(name, directory: true) : 0;
            if (removal.Failure is not null || removed != 0)
            {
                string why = removal.Failure ?? $"removing the directory failed: {Libc.Describe(removed).ToLowerInvariant()}";
                skipped.Add(new SkippedTempSession(path, $"its removal stopped part-way: {why}", removal.Bytes));
                continue;
            }

            swept.Add(new SweptTempSession(path, removal.Bytes, DateTimeOffset.FromUnixTimeSeconds(newest)));
        }

        swept.Sort((a, b) => a.LastModified.CompareTo(b.LastModified));
        var result = new TempSessionSweepResult(swept, dryRun, skipped);
        if (!dryRun)
        {
            _metrics?.Swept(swept.Count, result.BytesFreed);
        }

        return result;
    }

    /// <summary>
    /// Deletes a session's directory tree without following links, entering another mount or going deeper than
    /// <see cref="DirectoryHandle.MaxDepth"/>; silent when it is already gone. A link put in its place is removed as a
    /// link. With <paramref name="identity"/>, a directory that is no longer the one created (swapped meanwhile) is
    /// left alone.
    /// </summary>
    /// <exception cref="IOException">Part of the tree could not be removed; the message says what and why.</exception>
    internal static void DeleteTree(string path, FileStatus? identity = null)
    {
        using (DirectoryHandle? directory = DirectoryHandle.Open(path, out int errno))
        {
            if (directory is null)
            {
                if (errno == Errno.ENOENT)
                {
                    return;
                }

                // Not a directory we can open (a link planted in its place): remove the name, never the target.
                _ = Libc.Unlink(path);
                return;
            }

            if (identity is { } expected && !directory.Identity.IsSameFileAs(expected))
            {
                throw new IOException($"The temp session directory {FileName.Escape(path)} is no longer the one created (it was replaced) and is left alone.");
            }

            if (directory.RemoveContents().Failure is { } failure)
            {
                throw new IOException($"The temp session directory {FileName.Escape(path)} could not be removed whole: {failure}.");
            }
        }

        if (Libc.UnlinkAt(Libc.AtFdCwd, path, Libc.AtRemoveDir) != 0 && Libc.LastErrno is not Errno.ENOENT)
        {
            throw new IOException($"Cannot remove the temp session directory {FileName.Escape(path)}: {Libc.Describe(Libc.LastErrno).ToLowerInvariant()}.");
        }
    }

    /// <summary>A service that does not use the temp role has no TEMP_DIR of its own to write in, or to sweep.</summary>
    private static void RequireTemp(CallyticsPaths paths, string what)
    {
        if (!paths.Uses(PathRole.Temp))
        {
            throw Configuration.RoleKeys.NotUsed(paths.Roles, PathRole.Temp, what);
        }
    }

    internal static bool IsValidId(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>
    /// A sweep of "/" or of a directory holding (or held by) kept data would delete what it must not. Directories are
    /// compared by identity (device and inode, walking up through "..") rather than by name, so the same folder
    /// reached through a bind mount, a second mount of one host folder, or a link is recognised; the database is
    /// compared through its own file's link.
    /// </summary>
    private static void RefuseUnsafeTempDir(CallyticsPaths paths, string tempDir)
    {
        if (tempDir == "/")
        {
            throw new InvalidOperationException("TEMP_DIR is '/': refusing to sweep the whole filesystem.");
        }

        var kept = new List<(PathRole Role, string Variable, string Path)>
        {
            (PathRole.Data, "DATA_DIR", paths.DataDir), (PathRole.Config, "CONFIG_DIR", paths.ConfigDir),
            (PathRole.Audio, "AUDIO_DIR", paths.AudioDir), (PathRole.Logs, "LOG_DIR", paths.LogDir),
        };
        kept.RemoveAll(k => !paths.Uses(k.Role) || string.IsNullOrWhiteSpace(k.Path) || !k.Path.StartsWith('/'));

        // By name first: TEMP_DIR=$DATA_DIR/tmp is refused before it exists, not swept as empty (issue #33).
        string tempByName = Configuration.PathNormalizer.Normalize(paths.TempDir, "/");
        foreach ((_, string variable, string path) in kept)
        {
            string other = Configuration.PathNormalizer.Normalize(path, "/");
            string relation = tempByName == other ? "is" : Within(tempByName, other) ? "lies inside" : Within(other, tempByName) ? "contains" : string.Empty;
            if (relation.Length > 0)
            {
                throw Refusal(paths.TempDir, relation, variable, path, string.Empty);
            }
        }

        List<FileStatus> temp = Ancestry(tempDir, out bool tempExists);
        if (!tempExists)
        {
            return; // nothing there to sweep
        }

        // Then by identity: the same folder reached through a bind mount, a second mount of one host folder, or a link.
        foreach ((_, string variable, string path) in kept)
        {
            List<FileStatus> other = Ancestry(path, out bool otherExists);
            string relation = otherExists && temp[0].IsSameFileAs(other[0]) ? "is"
                : otherExists && Holds(temp, other[0]) ? "lies inside"
                : Holds(other, temp[0]) ? "contains"
                : string.Empty;
            if (relation.Length > 0)
            {
                throw Refusal(tempDir, relation, variable, path, relation == "is" ? " (the same directory, reached by another path)" : " (reached by another path)");
            }
        }

        // The database's directory, as named and as its file's link resolves: TEMP_DIR may not be it or contain it.
        // TEMP_DIR lying inside it is the default layout (/app/temp beside /app/Callytics_new.sqlite) and cannot reach
        // the database or its -journal/-wal/-shm files, which are siblings of the database, never inside TEMP_DIR.
        if (paths.Uses(PathRole.Database) && DatabaseUrl.TryParse(paths.DatabaseUrl, out DatabaseUrl? database) && database.FilePath is { } file)
        {
            foreach (string named in new[] { file, RealPath.OfLongestExistingPrefix(file) })
            {
                string directory = Path.GetDirectoryName(named) ?? "/";
                List<FileStatus> holding = Ancestry(directory, out bool exists);
                if (Holds(holding, temp[0]))
                {
                    bool same = exists && holding[0].IsSameFileAs(temp[0]);
                    throw new InvalidOperationException(
                        $"TEMP_DIR {tempDir} {(same ? "is" : "contains")} the database's directory {directory} (DATABASE_URL{(named == file ? string.Empty : $", whose file {file} links there")}): refusing to sweep, since the database could be deleted. Give TEMP_DIR a directory of its own.");
                }
            }
        }
    }

    private static bool Within(string path, string directory) =>
        directory == "/" ? path != "/" : path.StartsWith(directory + "/", StringComparison.Ordinal);

    private static InvalidOperationException Refusal(string tempDir, string relation, string variable, string path, string how) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"TEMP_DIR {tempDir} {relation} {variable} {path}{how}: refusing to sweep, since kept files could be deleted. Give TEMP_DIR a directory of its own."));

    /// <summary>
    /// The identities of <paramref name="path"/> (or of its longest existing prefix) and of every directory above it,
    /// walking ".." from an open handle: the directories the kernel really reaches, whatever names lead there.
    /// </summary>
    private static List<FileStatus> Ancestry(string path, out bool exists)
    {
        var chain = new List<FileStatus>();
        string? current = path;
        DirectoryHandle? handle = null;
        while (current is not null && (handle = DirectoryHandle.Open(current, out _, followLink: true)) is null)
        {
            current = Path.GetDirectoryName(current);
        }

        exists = current == path;
        while (handle is not null)
        {
            FileStatus identity = handle.Identity;
            if (chain.Count > 0 && chain[^1].IsSameFileAs(identity) || chain.Count > 4096)
            {
                handle.Dispose();
                break; // "/" is its own parent
            }

            chain.Add(identity);
            DirectoryHandle? parent = handle.OpenChild("..\0"u8, out _);
            handle.Dispose();
            handle = parent;
        }

        return chain;
    }

    /// <summary>Whether <paramref name="directory"/> is one of the directories in <paramref name="chain"/>.</summary>
    private static bool Holds(List<FileStatus> chain, FileStatus directory)
    {
        foreach (FileStatus link in chain)
        {
            if (link.IsSameFileAs(directory))
            {
                return true;
            }
        }

        return false;
    }
}
