using System.Runtime.InteropServices;

namespace Callytics.Paths.Tests.Support;

/// <summary>System calls a test makes directly, at the speed an attacker racing the library would make them.</summary>
public static partial class Syscalls
{
    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "symlink", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Symlink(string target, string link);
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
