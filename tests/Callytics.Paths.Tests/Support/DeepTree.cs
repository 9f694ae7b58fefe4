extern alias library;

using library::Callytics.Paths.Interop;

namespace Callytics.Paths.Tests.Support;

/// <summary>
/// A directory chain <c>d/d/d/…</c> <see cref="Levels"/> deep, far deeper than any path may name, with an empty file at
/// the bottom: made once for the test classes of the <see cref="Collection"/> collection, lent to each in turn, and
/// removed after the last.
/// </summary>
/// <remarks>
/// Making a fresh chain for each test cost more every time: ext4 passes over the inodes freed in the last minutes when it
/// allocates one, so each removed chain slowed every later <c>mkdir</c> on the disk (four chains made and removed in a row
/// took 0.9, 2.0, 3.2 and 5.4 s to make). A test borrows the one chain by a rename into its own directory; it comes back
/// the same way and is checked to be whole.
/// </remarks>
public sealed class DeepTree : IDisposable
{
    /// <summary>The collection whose test classes share the chain (one at a time).</summary>
    public const string Collection = "A tree 20,000 levels deep";

    /// <summary>How many directories deep the chain is.</summary>
    public const int Levels = 20_000;

    private const string LevelName = "d";
    private const string Bottom = "bottom";
    private readonly TempTree keeper = new();

    /// <summary>Makes the chain, with <c>mkdirat</c> relative to open descriptors.</summary>
    public DeepTree()
    {
        int fd = Open(keeper.Root);
        for (int level = 0; level < Levels; level++)
        {
            Libc.MkdirAt(fd, LevelName, 0x1ED).Should().Be(0);
            int child = Libc.OpenAtName(fd, LevelName, Libc.ORead | Libc.ODirectory | Libc.OCloseOnExec, 0);
            _ = Libc.Close(fd);
            child.Should().BeGreaterThanOrEqualTo(0);
            fd = child;
        }

        int file = Libc.OpenAtName(fd, Bottom, Libc.OWriteOnly | Libc.OCreate | Libc.OCloseOnExec, 0x1A4);
        file.Should().BeGreaterThanOrEqualTo(0);
        _ = Libc.Close(file);
        _ = Libc.Close(fd);
    }

    /// <summary>Moves the chain into <paramref name="root"/> (created if missing) as <c>root/d/…</c> until the result is disposed.</summary>
    public IDisposable Lend(string root)
    {
        Directory.CreateDirectory(root);
        Directory.Move(keeper[LevelName], Path.Combine(root, LevelName));
        return new Loan(this, root);
    }

    /// <summary>Removes the chain (<see cref="TempTree"/> removes by descriptor, at any depth).</summary>
    public void Dispose() => keeper.Dispose();

    /// <summary>Whether <paramref name="root"/> holds the whole chain: exactly <see cref="Levels"/> deep, the file at the bottom.</summary>
    private static bool Whole(string root)
    {
        int fd = Open(root);
        for (int depth = 0; ; depth++)
        {
            int child = Libc.OpenAtName(fd, LevelName, Libc.ORead | Libc.ODirectory | Libc.OCloseOnExec | Libc.ONoFollow, 0);
            if (child < 0)
            {
                int bottom = Libc.OpenAtName(fd, Bottom, Libc.ORead | Libc.OCloseOnExec | Libc.ONoFollow, 0);
                _ = Libc.Close(bottom);
                _ = Libc.Close(fd);
                return depth == Levels && bottom >= 0;
            }

            _ = Libc.Close(fd);
            fd = child;
        }
    }

    private static int Open(string path) =>
        Libc.Open(path, Libc.ORead | Libc.ODirectory | Libc.OCloseOnExec, 0) is var fd and >= 0 ? fd : throw new IOException($"cannot open {path}");

    /// <summary>The chain lent to one test, moved back when it ends; a chain no longer whole fails the test that had it.</summary>
    private sealed class Loan(DeepTree tree, string root) : IDisposable
    {
        public void Dispose()
        {
            Whole(root).Should().BeTrue($"the test leaves the {Levels}-level chain whole");
            Directory.Move(Path.Combine(root, LevelName), tree.keeper[LevelName]);
        }
    }
}

/// <summary>The test classes that borrow the one <see cref="DeepTree"/>.</summary>
[CollectionDefinition(DeepTree.Collection)]
public sealed class DeepTreeBorrowers : ICollectionFixture<DeepTree>;
