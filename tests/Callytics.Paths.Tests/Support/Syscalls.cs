using System.Runtime.InteropServices;

namespace Callytics.Paths.Tests.Support;

/// <summary>System calls a test makes directly, at the speed an attacker racing the library would make them.</summary>
public static partial class Syscalls
{
    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "symlink", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Symlink(string target, string link);

    /// <summary>Gives <paramref name="path"/> to <paramref name="uid"/> and gid <paramref name="gid"/>, following a link.</summary>
    public static void Chown(string path, int uid, int gid)
    {
        if (NativeChown(path, uid, gid) != 0)
        {
            throw new IOException($"chown {uid}:{gid} {path}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Sets the modification (and access) time of <paramref name="path"/> and of everything below it to
    /// <paramref name="time"/>; a link gets its own time, never its target's (as <c>touch -h</c>, where
    /// <see cref="File.SetLastWriteTime(string, DateTime)"/> would follow it).
    /// </summary>
    public static void SetTreeTime(string path, DateTimeOffset time)
    {
        long[] times = [time.ToUnixTimeSeconds(), 0, time.ToUnixTimeSeconds(), 0]; // two struct timespec: access, modification
        foreach (string entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Append(path))
        {
            if (UtimensAt(AtFdCwd, entry, times, AtSymlinkNoFollow) != 0)
            {
                throw new IOException($"utimensat {entry}: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int NativeChown(string path, int uid, int gid);

    [LibraryImport("libc", EntryPoint = "utimensat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UtimensAt(int directory, string path, long[] times, int flags);
}

/// <summary>
/// An attacker with write access to a directory: for each name in turn it waits for the name to appear, renames it
/// aside and plants a link to <c>victim</c> in its place, until stopped.
/// </summary>
public sealed class LinkPlanter : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private int _passed;

    /// <param name="directory">Where the names appear.</param>
    /// <param name="name">The name for each turn, for example <c>k => $"session_r{k}"</c>.</param>
    /// <param name="victim">What each planted link points to.</param>
    public LinkPlanter(string directory, Func<int, string> name, string victim)
    {
        _thread = new Thread(() =>
        {
            for (int turn = 0; !_stop; turn++)
            {
                string path = Path.Combine(directory, name(turn));
                while (!_stop && Volatile.Read(ref _passed) <= turn)
                {
                    if (Syscalls.Rename(path, path + ".aside") == 0)
                    {
                        _ = Syscalls.Symlink(victim, path);
                        Planted++;
                        break;
                    }
                }
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>How many links were planted.</summary>
    public int Planted { get; private set; }

    /// <summary>Tells the planter that the victim's turn <paramref name="turn"/> is over (it moves on to the next name).</summary>
    public void Passed(int turn) => Volatile.Write(ref _passed, turn + 1);

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
