using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Microsoft.Extensions.Options;

namespace Callytics.Paths;

/// <summary>The <see cref="ITempSessions"/> of the validated layout.</summary>
internal sealed class TempSessions : ITempSessions
{
    internal const string Prefix = "session_";

    private static ReadOnlySpan<byte> PrefixBytes => "session_"u8;
    private const uint PrivateMode = 0x1C0; // 0700

    private readonly IOptions<CallyticsPaths> _paths;
    private readonly TimeProvider _time;

    public TempSessions(IOptions<CallyticsPaths> paths, TimeProvider? time = null)
    {
        _paths = paths;
        _time = time ?? TimeProvider.System;
    }

    public TempSession Create(string? id = null)
    {
        if (id is not null && !IsValidId(id))
        {
            throw new ArgumentException("A session id is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.", nameof(id));
        }

        id ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string tempDir = _paths.Value.TempDir;
        string path = Path.Join(tempDir, Prefix + id);
        if (Libc.Mkdir(path, PrivateMode) != 0)
        {
            int errno = Libc.LastErrno;
            throw new IOException(errno == Errno.EEXIST
                ? $"The temp session directory {path} already exists: a session id is never reused while its files are there."
                : $"Cannot create the temp session directory {path} (TEMP_DIR={tempDir}): {Libc.Describe(errno).ToLowerInvariant()}.");
        }

        _ = Libc.Chmod(path, PrivateMode);
        return new TempSession(id, path);
    }

    public TempSessionSweepResult Sweep(TimeSpan olderThan, bool dryRun = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        CallyticsPaths paths = _paths.Value;
        string tempDir = RealPath.OfLongestExistingPrefix(paths.TempDir);
        RefuseUnsafeTempDir(paths, tempDir);
        long cutoff = (_time.GetUtcNow() - olderThan).ToUnixTimeSeconds();
        var swept = new List<SweptTempSession>();
        int skipped = 0;

        using DirectoryHandle? temp = DirectoryHandle.Open(tempDir, out int errno);
        if (temp is null)
        {
            return errno == Errno.ENOENT
                ? new TempSessionSweepResult([], dryRun, 0)
                : throw new IOException($"Cannot open TEMP_DIR {tempDir} to sweep it: {Libc.Describe(errno).ToLowerInvariant()}.");
        }

        foreach (byte[] name in temp.Names())
        {
            if (!name.AsSpan().StartsWith(PrefixBytes))
            {
                continue;
            }

            FileStatus status = temp.Status(name);
            using DirectoryHandle? session = status.IsDirectory ? temp.OpenChild(name, out _) : null;
            if (session is null)
            {
                skipped += status.Exists ? 1 : 0; // a link, a file, or gone meanwhile
                continue;
            }

            long newest = session.NewestModification(status.ModifiedSeconds);
            if (newest >= cutoff)
            {
                continue;
            }

            long bytes = dryRun ? session.ContentBytes() : session.RemoveContents();
            if (!dryRun)
            {
                _ = temp.Remove(name, directory: true);
            }

            swept.Add(new SweptTempSession(Path.Join(tempDir, Encoding.UTF8.GetString(name.AsSpan()[..^1])), bytes, DateTimeOffset.FromUnixTimeSeconds(newest)));
        }

        swept.Sort((a, b) => a.LastModified.CompareTo(b.LastModified));
        return new TempSessionSweepResult(swept, dryRun, skipped);
    }

    /// <summary>Deletes a directory tree without following links; silent when it is already gone.</summary>
    internal static void DeleteTree(string path)
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

            directory.RemoveContents();
        }

        if (Libc.UnlinkAt(Libc.AtFdCwd, path, Libc.AtRemoveDir) != 0 && Libc.LastErrno is not Errno.ENOENT)
        {
            throw new IOException($"Cannot remove the temp session directory {path}: {Libc.Describe(Libc.LastErrno).ToLowerInvariant()}.");
        }
    }

    internal static bool IsValidId(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>A sweep of "/" or of a directory holding (or held by) kept data would delete what it must not.</summary>
    private static void RefuseUnsafeTempDir(CallyticsPaths paths, string tempDir)
    {
        if (tempDir == "/")
        {
            throw new InvalidOperationException("TEMP_DIR is '/': refusing to sweep the whole filesystem.");
        }

        var kept = new List<(string Variable, string Path)>
        {
            ("DATA_DIR", paths.DataDir), ("CONFIG_DIR", paths.ConfigDir), ("AUDIO_DIR", paths.AudioDir), ("LOG_DIR", paths.LogDir),
        };
        foreach ((string variable, string path) in kept)
        {
            if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
            {
                continue;
            }

            string other = RealPath.OfLongestExistingPrefix(path);
            if (Overlaps(tempDir, other))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"TEMP_DIR {tempDir} {(tempDir == other ? "is" : IsInside(tempDir, other) ? "lies inside" : "contains")} {variable} {other}: refusing to sweep, since kept files could be deleted. Give TEMP_DIR a directory of its own."));
            }
        }

        // The database's directory: TEMP_DIR may not be it, contain it, or hold the database. TEMP_DIR lying inside
        // it is the default layout (/app/temp beside /app/Callytics_new.sqlite) and cannot reach the database or its
        // -journal/-wal/-shm files, which are siblings of the database, never inside TEMP_DIR.
        if (DatabaseUrl.TryParse(paths.DatabaseUrl, out DatabaseUrl? database) && database.FilePath is { } file)
        {
            string directory = RealPath.OfLongestExistingPrefix(Path.GetDirectoryName(file) ?? "/");
            if (directory == tempDir || IsInside(directory, tempDir))
            {
                throw new InvalidOperationException(
                    $"TEMP_DIR {tempDir} {(directory == tempDir ? "is" : "contains")} the database's directory {directory} (DATABASE_URL): refusing to sweep, since the database could be deleted. Give TEMP_DIR a directory of its own.");
            }
        }
    }

    private static bool Overlaps(string a, string b) => a == b || IsInside(a, b) || IsInside(b, a);

    private static bool IsInside(string inner, string outer) =>
        outer == "/" || inner.StartsWith(outer + "/", StringComparison.Ordinal);
}
