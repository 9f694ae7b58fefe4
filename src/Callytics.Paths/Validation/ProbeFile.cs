using System.Globalization;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Validation;

/// <summary>
/// The write probe: create a uniquely named file exclusively, write a byte, close, delete. Only a real write proves a
/// directory writable (root, ACLs, read-only mounts and NFS squashing all defeat permission bits).
/// </summary>
/// <remarks>
/// Abandoned probes are looked for the first time a process probes a directory (its start), not on every probe.
/// Probe names are <c>.callytics-probe.{pid namespace}.{pid}.{random}</c>. A probe left by a crashed process is
/// removed by the next check: when it comes from this pid namespace and its process is gone, or when it is older
/// than <see cref="AbandonedAfter"/> (a live process holds a probe for microseconds). A probe of a live process is
/// never touched.
/// </remarks>
internal static class ProbeFile
{
    /// <summary>The prefix every probe name starts with.</summary>
    internal const string Prefix = ".callytics-probe.";

    /// <summary>How old a probe from another pid namespace must be before it counts as abandoned.</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    private static readonly Lazy<string> PidNamespace = new(ReadPidNamespace);

    /// <summary>Directories already cleaned by this process: a crash elsewhere is cleaned up by the next start.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Cleaned = new(StringComparer.Ordinal);

    /// <summary>Writes and deletes one probe in <paramref name="directory"/>; returns 0 or the errno that stopped it.</summary>
    internal static unsafe int Probe(string directory)
    {
        if (Cleaned.TryAdd(directory, true))
        {
            RemoveAbandoned(directory); // once per directory and process: the listing is the costly part of a probe
        }

        string path = Path.Join(directory, string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{PidNamespace.Value}.{Environment.ProcessId}.{Guid.NewGuid():N}"));
        int fd = Libc.Open(path, Libc.OWriteOnly | Libc.OCreate | Libc.OExclusive | Libc.ONoFollow | Libc.OCloseOnExec, 0x180);
        if (fd < 0)
        {
            return Libc.LastErrno;
        }

        byte one = (byte)'1';
        int errno = Libc.Write(fd, &one, 1) == 1 ? 0 : Libc.LastErrno;
        if (Libc.Close(fd) != 0 && errno == 0)
        {
            errno = Libc.LastErrno;
        }

        _ = Libc.Unlink(path);
        return errno;
    }

    /// <summary>Removes probes that crashed processes left in <paramref name="directory"/>; never one of a live process.</summary>
    internal static void RemoveAbandoned(string directory)
    {
        try
        {
            foreach (string path in Directory.EnumerateFiles(directory, Prefix + "*"))
            {
                if (Parse(Path.GetFileName(path)) is not { } probe)
                {
                    continue; // not the probe's shape: never considered
                }

                FileStatus status = FileStatus.Of(path, followLinks: false);
                bool ourDead = probe.Namespace == PidNamespace.Value && probe.Namespace != "0" && probe.Pid != Environment.ProcessId
                    && !Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{probe.Pid}"));
                if (status.IsRegularFile && (ourDead || DateTimeOffset.UtcNow.ToUnixTimeSeconds() - status.ModifiedSeconds > AbandonedAfter.TotalSeconds))
                {
                    _ = Libc.Unlink(path);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Listing failed: the probe that follows reports the real cause.
        }
    }

    /// <summary>The pid namespace and pid of a name of the probe's shape, or null for any other name.</summary>
    private static (string Namespace, int Pid)? Parse(string name)
    {
        string[] parts = name[Prefix.Length..].Split('.');
        return parts.Length == 3 && parts[2].Length == 32 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int pid)
            ? (parts[0], pid)
            : null;
    }

    /// <summary>The inode of this process's pid namespace (<c>/proc/self/ns/pid</c> → <c>pid:[4026531836]</c>), or "0".</summary>
    private static string ReadPidNamespace()
    {
        try
        {
            string? target = new FileInfo("/proc/self/ns/pid").LinkTarget;
            string digits = new(target?.Where(char.IsAsciiDigit).ToArray() ?? []);
            return digits.Length > 0 ? digits : "0";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "0";
        }
    }
}
