using Callytics.Paths.Interop;

namespace Callytics.Paths.Tests.Support;

/// <summary>A directory chain far deeper than any path may name, made and removed relative to open descriptors.</summary>
public static class DeepTree
{
    /// <summary>Makes <paramref name="levels"/> nested directories <c>d/d/d/…</c> under <paramref name="root"/>, with a one-byte file at the bottom.</summary>
    public static void Make(string root, int levels)
    {
        Directory.CreateDirectory(root);
        int fd = Libc.Open(root, Libc.ORead | Libc.ODirectory | Libc.OCloseOnExec, 0);
        fd.Should().BeGreaterThanOrEqualTo(0);
        for (int level = 0; level < levels; level++)
        {
            Libc.MkdirAt(fd, "d", 0x1ED).Should().Be(0);
            int child = Libc.OpenAtName(fd, "d", Libc.ORead | Libc.ODirectory | Libc.OCloseOnExec, 0);
            _ = Libc.Close(fd);
            child.Should().BeGreaterThanOrEqualTo(0);
            fd = child;
        }

        int file = Libc.OpenAtName(fd, "bottom", Libc.OWriteOnly | Libc.OCreate | Libc.OCloseOnExec, 0x1A4);
        _ = Libc.Close(file);
        _ = Libc.Close(fd);
    }

    /// <summary>Removes the tree with GNU rm, which walks by descriptor (a recursive delete would overflow the stack).</summary>
    public static void Remove(string root) => ChildProcess.Run(["rm", "-rf", root]).ExitCode.Should().Be(0);
}
