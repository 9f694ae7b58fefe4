extern alias library;

using Callytics.Paths.Mounts;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Mounts;

/// <summary>
/// Mount tables the kernel produces: mounts made in a private mount namespace, the table read there, and the
/// lookup compared with the kernel's own answer (the <c>mnt_id</c> of a file descriptor opened on the path, from
/// <c>/proc/self/fdinfo</c>); and the live table of this process.
/// </summary>
public class MountTableNamespaceTests
{
    private static (MountTable Table, int KernelMountId) MountAndRead(TempTree tree, string setup, string target)
    {
        string script = $"set -e\ncd '{tree.Root}'\n{setup}\ncat /proc/self/mountinfo > table.txt\n"
            + $"exec 3< '{target}'\nsed -n 's/^mnt_id:[[:space:]]*//p' /proc/$$/fdinfo/3 > mnt_id.txt";
        ProcessResult run = ChildProcess.Run(["unshare", "-m", "--propagation", "private", "sh", "-c", script]);
        run.ExitCode.Should().Be(0, run.ToString());
        return (MountTable.Load(tree["table.txt"]), int.Parse(File.ReadAllText(tree["mnt_id.txt"]).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [RootFact("unshare", "mount")]
    public void Escaped_names_read_back_from_a_real_table()
    {
        using var tree = new TempTree();
        string odd = tree["a b\tc\\d"];
        (MountTable table, int kernel) = MountAndRead(tree,
            $"mkdir -p 'a b\tc\\d' && mount -t tmpfs -o size=1m 'my src' 'a b\tc\\d' && touch 'a b\tc\\d/file'", odd + "/file");

        MountEntry entry = table.FindMount(odd + "/file")!;
        entry.Id.Should().Be(kernel);
        entry.MountPoint.Should().Be(odd);
        entry.Source.Should().Be("my src");
        entry.FileSystemType.Should().Be("tmpfs");
    }

    [RootFact("unshare", "mount")]
    public void Stacked_mounts_resolve_to_the_top_one_as_the_kernel_does()
    {
        using var tree = new TempTree();
        (MountTable table, int kernel) = MountAndRead(tree,
            "mkdir -p s && mount -t tmpfs first s && mount -t tmpfs second s && mount -t tmpfs third s && touch s/x", tree["s/x"]);

        MountEntry entry = table.FindMount(tree["s/x"])!;
        entry.Source.Should().Be("third");
        entry.Id.Should().Be(kernel);
    }

    [RootFact("unshare", "mount")]
    public void A_mount_hidden_by_a_mount_over_its_parent_is_not_chosen()
    {
        using var tree = new TempTree();
        (MountTable table, int kernel) = MountAndRead(tree,
            "mkdir -p h/below && mount -t tmpfs below h/below && mount -t tmpfs over h && mkdir -p h/below", tree["h/below"]);

        MountEntry entry = table.FindMount(tree["h/below/f"])!;
        entry.Source.Should().Be("over");
        entry.Id.Should().Be(kernel);
    }

    [RootFact("unshare", "mount")]
    public void Read_only_bind_mounts_are_read_only()
    {
        using var tree = new TempTree();
        (MountTable table, int kernel) = MountAndRead(tree,
            "mkdir -p src ro && mount --bind src ro && mount -o remount,bind,ro ro", tree["ro"]);

        MountEntry entry = table.FindMount(tree["ro"])!;
        entry.Id.Should().Be(kernel);
        entry.IsReadOnly.Should().BeTrue();
        entry.Root.Should().EndWith("/src", "a bind mount's root is its source inside the filesystem");
    }

    [Fact]
    public void The_live_table_resolves_links_into_and_out_of_volumes()
    {
        using var tree = new TempTree();
        MountTable live = MountTable.ReadCurrent();
        MountEntry shm = live.FindMount("/dev/shm")!;
        shm.MountPoint.Should().Be("/dev/shm");
        ((ulong)live.FindMount(tree.Root)!.Id).Should().Be(library::Callytics.Paths.Interop.FileStatus.Of(tree.Root).MountId, "statx names the same mount");

        Directory.CreateSymbolicLink(tree["into"], "/dev/shm");
        live.FindMount(tree["into/not-yet/created"])!.Id.Should().Be(shm.Id, "a link into a volume leads into it");

        string outOf = $"/dev/shm/callytics-{Guid.NewGuid():N}";
        Directory.CreateSymbolicLink(outOf, tree.Root);
        try
        {
            live.FindMount(outOf + "/x")!.Id.Should().Be(live.FindMount(tree.Root)!.Id, "a link out of a volume leads out");
            live.FindMount("/dev/shm/../shm/x")!.Id.Should().Be(shm.Id);
        }
        finally
        {
            File.Delete(outOf);
        }
    }
}
