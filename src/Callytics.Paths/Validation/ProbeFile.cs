using System.Globalization;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>
/// The write probe: create a uniquely named file exclusively, write a byte, close, delete. Only a real write proves a
/// directory writable (root, ACLs, read-only mounts and NFS squashing all defeat permission bits).
/// </summary>
/// <remarks>
/// <para>
/// Probe names are <c>.callytics-probe.{pid namespace}.{pid}.{32 hex digits}</c>: 16 random for the process and 16
/// for the thread. No other process or thread uses the name, and a thread probes one directory at a time, so each
/// thread keeps its name: the kernel then reuses one directory-cache entry for it, where a new name per probe leaves
/// a negative entry behind every time (2.4 µs more a probe on ext4, and a health check probes for the life of the
/// service). If that name is taken (an earlier probe of this thread could not be deleted, as in an append-only
/// directory), the probe uses a random name instead.
/// </para>
/// <para>
/// Abandoned probes are looked for the first time a process probes a directory (its start), not on every probe.
/// A probe left by a crashed process is removed by the next check: when it comes from this pid namespace and its
/// process is gone, or when it is older than <see cref="AbandonedAfter"/> (a live process holds a probe for
/// microseconds). A probe of a live process is never touched.
/// </para>
/// </remarks>
internal static class ProbeFile
{
    /// <summary>The prefix every probe name starts with.</summary>
    internal const string Prefix = ".callytics-probe.";

    /// <summary>How old a probe from another pid namespace must be before it counts as abandoned.</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    private static readonly Lazy<string> PidNamespace = new(ReadPidNamespace);

    /// <summary>Directories already cleaned by this process: a crash elsewhere is cleaned up by the next start.</summary>
    /// <remarks>A set of references under a lock: a concurrent dictionary over a value type is compiled anew at start-up.</remarks>
    private static readonly HashSet<string> Cleaned = new(StringComparer.Ordinal);

    private static readonly Lock CleanedLock = new();

    /// <summary>The random half of every probe name of this process.</summary>
    private static readonly string ProcessPart = RandomHex(8);

    /// <summary>This thread's probe name, made on its first probe.</summary>
    [ThreadStatic]
    private static string? threadName;

    /// <summary>Gets the name this thread's probes use.</summary>
    internal static string ThreadName =>
        threadName ??= Name(string.Create(CultureInfo.InvariantCulture, $"{ProcessPart}{Environment.CurrentManagedThreadId:x16}"));

    /// <summary>Writes and deletes one probe in <paramref name="directory"/>; returns 0 or the errno that stopped it.</summary>
    internal static unsafe int Probe(string directory)
    {
        bool first;
        lock (CleanedLock)
        {
            first = Cleaned.Add(directory);
        }

        if (first)
        {
            RemoveAbandoned(directory); // once per directory and process: the listing is the costly part of a probe
        }

        return WriteAndDelete(directory);
    }

    /// <summary>
    /// Compiles the probe's code without writing anything, for <see cref="StartupWarmUp"/>: this thread's name is made,
    /// <paramref name="listed"/> is searched for abandoned probes (none is deleted, and the directory is still cleaned
    /// at its first real probe), and each system call is made once with arguments the kernel refuses: a probe under
    /// <c>/dev/null</c> (ENOTDIR), the descriptor -1 (EBADF) and an empty path (ENOENT).
    /// </summary>
    internal static unsafe void WarmUp(string listed)
    {
        _ = AbandonedIn(listed);
        _ = WriteAndDelete("/dev/null");
        byte one = (byte)'1';
        _ = Libc.Write(-1, &one, 1);
        _ = Libc.Close(-1);
        _ = Libc.Unlink(string.Empty);
    }

    /// <summary>Creates this thread's probe in <paramref name="directory"/>, writes a byte, closes and deletes it.</summary>
    private static unsafe int WriteAndDelete(string directory)
    {
        ReadOnlySpan<char> parent = directory.AsSpan().TrimEnd('/');
        string path = string.Concat(parent, "/", ThreadName);
        int fd = CreateExclusive(path);
        int errno = fd < 0 ? Libc.LastErrno : 0;
        if (errno == Errno.EEXIST)
        {
            path = string.Concat(parent, "/", Name(RandomHex(16)));
            fd = CreateExclusive(path);
            errno = fd < 0 ? Libc.LastErrno : 0;
        }

        if (fd < 0)
        {
            return errno;
        }

        byte one = (byte)'1';
        errno = Libc.Write(fd, &one, 1) == 1 ? 0 : Libc.LastErrno;
        if (Libc.Close(fd) != 0 && errno == 0)
        {
            errno = Libc.LastErrno;
        }

        _ = Libc.Unlink(path);
        return errno;
    }

    /// <summary>A probe name of this process whose last part is <paramref name="hex32"/>.</summary>
    private static string Name(string hex32) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{PidNamespace.Value}.{Environment.ProcessId}.{hex32}");

    private static int CreateExclusive(string path) =>
        Libc.Open(path, Libc.OWriteOnly | Libc.OCreate | Libc.OExclusive | Libc.ONoFollow | Libc.OCloseOnExec, 0x180);

    /// <summary>
    /// Random hex digits, two per byte. A pseudo-random source is enough (the file is created exclusively) and costs no
    /// system call, where a <see cref="Guid"/> reads the kernel's random source each time. Written out: the
    /// framework's vectorized hex conversion is compiled at its first call, which costs more at start-up than this
    /// loop ever will.
    /// </summary>
    private static string RandomHex(int bytes)
    {
        Span<byte> random = stackalloc byte[bytes];
        Random.Shared.NextBytes(random);
        Span<char> hex = stackalloc char[bytes * 2];
        for (int i = 0; i < random.Length; i++)
        {
            hex[2 * i] = "0123456789abcdef"[random[i] >> 4];
            hex[(2 * i) + 1] = "0123456789abcdef"[random[i] & 0xF];
        }

        return new string(hex);
    }

    /// <summary>Removes probes that crashed processes left in <paramref name="directory"/>; never one of a live process.</summary>
    private static void RemoveAbandoned(string directory)
    {
        foreach (string path in AbandonedIn(directory))
        {
            _ = Libc.Unlink(path);
        }
    }

    /// <summary>
    /// The probes in <paramref name="directory"/> that crashed processes left behind (reads only): names of exactly the
    /// probe's shape, on regular files of at most one byte owned by this process's effective user. Anything else,
    /// whatever its name, is not a probe of ours and is never considered.
    /// </summary>
    private static List<string> AbandonedIn(string directory)
    {
        var abandoned = new List<string>();
        try
        {
            uint owner = Libc.GetEffectiveUserId();
            foreach (string path in Directory.EnumerateFiles(directory, Prefix + "*"))
            {
                if (Parse(Path.GetFileName(path)) is not { } probe)
                {
                    continue; // not the probe's shape: never considered
                }

                FileStatus status = FileStatus.Of(path, followLinks: false);
                if (!status.IsRegularFile || status.Size > 1 || status.Uid != owner)
                {
                    continue; // a probe is one byte at most, written by this user
                }

                bool ourDead = probe.Namespace == PidNamespace.Value && probe.Namespace != "0" && probe.Pid != Environment.ProcessId
                    && !Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{probe.Pid}"));
                if (ourDead || DateTimeOffset.UtcNow.ToUnixTimeSeconds() - status.ModifiedSeconds > AbandonedAfter.TotalSeconds)
                {
                    abandoned.Add(path);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Listing failed: the probe that follows reports the real cause.
        }

        return abandoned;
    }

    /// <summary>
    /// The pid namespace and pid of a name of exactly the probe's shape,
    /// <c>.callytics-probe.{decimal inode}.{decimal pid above 0}.{32 lowercase hex digits}</c>; null for any other name.
    /// </summary>
    internal static (string Namespace, int Pid)? Parse(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string[] parts = name[Prefix.Length..].Split('.');
        return parts.Length == 3 && IsDecimal(parts[0]) && IsDecimal(parts[1]) && IsLowerHex32(parts[2])
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0
            ? (parts[0], pid)
            : null;
    }

    private static bool IsDecimal(string text) => text.Length is > 0 and <= 20 && !text.AsSpan().ContainsAnyExceptInRange('0', '9');

    private static bool IsLowerHex32(string text)
    {
        if (text.Length != 32)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The inode of this process's pid namespace (<c>/proc/self/ns/pid</c> → <c>pid:[4026531836]</c>), or "0".</summary>
    private static string ReadPidNamespace()
    {
        try
        {
            // pid:[4026531836]: the digits between the brackets (no LINQ over chars: it would be compiled at start-up).
            string target = new FileInfo("/proc/self/ns/pid").LinkTarget ?? string.Empty;
            int open = target.IndexOf('[', StringComparison.Ordinal);
            int close = target.LastIndexOf(']');
            ReadOnlySpan<char> digits = open >= 0 && close > open ? target.AsSpan(open + 1, close - open - 1) : [];
            return !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9') ? digits.ToString() : "0";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "0";
        }
    }
}
