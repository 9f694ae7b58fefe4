using System.Collections.Concurrent;

namespace Callytics.Paths.Tests.Support;

/// <summary>
/// What a child run as another user (uid 65534) executes, where that user can reach it. A checkout may sit in a
/// private directory (mode 0700, as <c>mktemp -d</c>, <c>/root</c> or a home folder make), which that user cannot
/// traverse: then the build output it runs (the test host, the tool, the sample) is copied into the test's own tree,
/// world-readable, and goes with it. A reachable directory is used as it is.
/// </summary>
public static class Reachable
{
    /// <summary>The path of <paramref name="file"/> (in a build output folder) that other users can read and run.</summary>
    public static string File(string file, TempTree tree) =>
        Path.Combine(Directory(Path.GetDirectoryName(Path.GetFullPath(file))!, tree), Path.GetFileName(file));

    /// <summary><paramref name="directory"/> itself when other users can reach and read it, else its copy inside <paramref name="tree"/>.</summary>
    public static string Directory(string directory, TempTree tree)
    {
        string full = Path.GetFullPath(directory).TrimEnd('/');
        return ByOthers(full) ? full : Copy(full, tree[$"reachable/{Path.GetFileName(full)}-{Guid.NewGuid():N}"]);
    }

    /// <summary>Whether every ancestor of <paramref name="directory"/> lets others through and the directory lets them read.</summary>
    internal static bool ByOthers(string directory)
    {
        UnixFileMode own = System.IO.File.GetUnixFileMode(directory);
        if (!own.HasFlag(UnixFileMode.OtherRead) || !own.HasFlag(UnixFileMode.OtherExecute))
        {
            return false;
        }

        for (string? parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (!System.IO.File.GetUnixFileMode(parent).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    private static string Copy(string directory, string target)
    {
        var pending = new Stack<(string From, string To)>();
        pending.Push((directory, target));
        while (pending.TryPop(out (string From, string To) next))
        {
            System.IO.Directory.CreateDirectory(next.To);
            System.IO.File.SetUnixFileMode(next.To, (UnixFileMode)0x1ED); // 0755
            foreach (string file in System.IO.Directory.EnumerateFiles(next.From))
            {
                string copy = Path.Combine(next.To, Path.GetFileName(file));
                System.IO.File.Copy(file, copy);
                UnixFileMode mode = System.IO.File.GetUnixFileMode(file) | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
                System.IO.File.SetUnixFileMode(copy, mode.HasFlag(UnixFileMode.UserExecute) ? mode | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : mode);
            }

            foreach (string child in System.IO.Directory.EnumerateDirectories(next.From))
            {
                pending.Push((child, Path.Combine(next.To, Path.GetFileName(child))));
            }
        }

        return target;
    }
}
