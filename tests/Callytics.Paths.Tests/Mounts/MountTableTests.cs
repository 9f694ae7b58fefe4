using Callytics.Paths.Mounts;

namespace Callytics.Paths.Tests.Mounts;

public class MountTableTests
{
    internal static MountTable Fixture(string name) =>
        MountTable.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "mountinfo", name));

    [Theory]
    [InlineData("01-docker-dind-aufs-named-volume-bind.mountinfo", 36, "aufs")]
    [InlineData("02-k8s-pod-docker-cgroupv1-emptydir-pvc-secret.mountinfo", 39, "overlay")]
    [InlineData("03-podman-rootful-selinux-cgroupv2.mountinfo", 27, "overlay")]
    [InlineData("04-podman-named-volume-and-host-bind.mountinfo", 15, "overlay")]
    [InlineData("05-k8s-containerd-cgroupv1-configmap-subpath.mountinfo", 38, "overlay")]
    [InlineData("06-docker-cgroupv2-no-volumes.mountinfo", 24, "overlay")]
    [InlineData("09-docker-engine-bind-volume-tmpfs-ro-file.mountinfo", 34, "overlay")]
    [InlineData("10-docker-engine-no-volumes-bridge.mountinfo", 28, "overlay")]
    public void Real_container_tables_parse_whole_with_their_root_mount(string name, int count, string rootType)
    {
        MountTable table = Fixture(name);

        table.Entries.Should().HaveCount(count);
        table.Root!.MountPoint.Should().Be("/");
        table.Root.FileSystemType.Should().Be(rootType);
    }

    [Theory]
    [InlineData("ro", true)]
    [InlineData("ro,noatime", true)]
    [InlineData("rw,nosuid,ro", true)]
    [InlineData("nosuid,ro,nodev", true)]
    [InlineData("rw,relatime", false)]
    [InlineData("rw,rootcontext=x", false)]
    [InlineData("rw,nosuid,rox", false)]
    [InlineData("r,o", false)]
    public void Read_only_is_the_ro_option_wherever_it_stands_and_only_whole(string options, bool readOnly)
    {
        MountEntry entry = MountTable.Parse($"36 35 98:0 / /mnt {options} - ext3 /dev/root rw\n").Entries.Single();

        entry.IsReadOnly.Should().Be(readOnly);
    }

    [Fact]
    public void Every_field_of_a_line_is_kept()
    {
        MountEntry entry = Fixture("02-k8s-pod-docker-cgroupv1-emptydir-pvc-secret.mountinfo").Entries.Single(e => e.Id == 746);

        entry.ParentId.Should().Be(625);
        (entry.Major, entry.Minor).Should().Be((259, 1));
        entry.Root.Should().Be("/var/lib/kubelet/pods/1bf924dd-3f6f-11ea-983d-0abc95f90166/volumes/kubernetes.io~empty-dir/cockroach-env");
        entry.MountPoint.Should().Be("/etc/cockroach-env");
        entry.MountOptions.Should().Be("ro,noatime");
        entry.IsReadOnly.Should().BeTrue();
        entry.OptionalFields.Should().BeEmpty();
        entry.FileSystemType.Should().Be("xfs");
        entry.Source.Should().Be("/dev/nvme0n1p1");
        entry.SuperOptions.Should().Be("rw,attr2,inode64,noquota");
    }

    [Fact]
    public void Optional_fields_are_found_by_the_separator_not_by_position()
    {
        MountTable table = Fixture("08-escapes-and-stacks.mountinfo");

        MountEntry entry = table.Entries.Single(e => e.Id == 23);
        entry.OptionalFields.Should().Equal("shared:3", "master:4", "propagate_from:5", "unbindable");
        entry.FileSystemType.Should().Be("tmpfs");
        entry.Source.Should().BeEmpty("the source field may be empty");
        entry.SuperOptions.Should().Be("rw,size=1k");
        Fixture("02-k8s-pod-docker-cgroupv1-emptydir-pvc-secret.mountinfo").Root!.OptionalFields.Should().Equal("master:85");
    }

    [Fact]
    public void Octal_escapes_are_decoded_in_root_mount_point_and_source()
    {
        MountTable table = Fixture("08-escapes-and-stacks.mountinfo");

        table.Entries.Single(e => e.Id == 21).MountPoint.Should().Be("/mnt/with space");
        MountEntry escaped = table.Entries.Single(e => e.Id == 22);
        escaped.Root.Should().Be("/src\ttab\nnewline\\back");
        escaped.MountPoint.Should().Be("/mnt/esc\\aped");
        escaped.Source.Should().Be("/dev/disk one");
        table.FindMount("/mnt/with space/x")!.Id.Should().Be(21);
    }

    [Fact]
    public void Each_entry_is_made_once_and_the_one_a_lookup_returns_is_the_one_listed()
    {
        MountTable table = Fixture("08-escapes-and-stacks.mountinfo");

        MountEntry found = table.FindMount("/mnt/with space/x")!;

        table.Entries.Should().Contain(e => ReferenceEquals(e, found));
        table.Entries[0].Should().BeSameAs(table.Entries[0]);
        table.Entries.ToList().Should().HaveCount(table.Entries.Count, "enumerating gives every line once");
        FluentActions.Invoking(() => table.Entries[table.Entries.Count]).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_mount_point_written_with_needless_escapes_is_found_by_the_name_it_stands_for()
    {
        // The kernel escapes only space, tab, newline and backslash; a hand-written table may escape more.
        MountTable table = MountTable.Parse("""
            1 0 8:1 / / rw - ext4 /dev/sda1 rw
            2 1 8:2 / /\141pp/d\141ta rw - ext4 /dev/sda2 rw
            3 1 8:3 / /caf\303\251 rw - ext4 /dev/sda3 rw
            """);

        table.FindMount("/app/data/x")!.Id.Should().Be(2);
        table.FindMount("/café/menu")!.Id.Should().Be(3);
        table.Entries[2].MountPoint.Should().Be("/café");
    }

    [Fact]
    public void Quoted_super_options_with_commas_and_long_lines_are_kept_whole()
    {
        MountEntry entry = Fixture("08-escapes-and-stacks.mountinfo").Entries.Single(e => e.Id == 30);
        entry.SuperOptions.Should().StartWith("rw,context=\"system_u:object_r:container_file_t:s0:c1022,c1023\",lowerdir=");
        entry.SuperOptions.Length.Should().BeGreaterThan(3000);
        Fixture("03-podman-rootful-selinux-cgroupv2.mountinfo").Root!.SuperOptions.Should().Contain("context=\"");
    }

    [Theory]
    [InlineData("/data/x", 24)]
    [InlineData("/data", 24)]
    [InlineData("/database/x", 20)]
    [InlineData("/dat", 20)]
    [InlineData("/", 20)]
    public void Mount_points_match_whole_components(string path, int id)
    {
        Fixture("08-escapes-and-stacks.mountinfo").FindMount(path)!.Id.Should().Be(id);
    }

    [Fact]
    public void Of_mounts_stacked_on_one_point_the_top_one_is_visible()
    {
        MountEntry top = Fixture("08-escapes-and-stacks.mountinfo").FindMount("/stack/file")!;
        top.Source.Should().Be("third");
    }

    [Fact]
    public void A_mount_hidden_under_a_later_mount_over_its_parent_is_not_chosen()
    {
        // /hidden/below was mounted first; /hidden was mounted over it afterwards and hides it.
        MountEntry holder = Fixture("08-escapes-and-stacks.mountinfo").FindMount("/hidden/below/f")!;
        holder.Source.Should().Be("over");
    }

    [Theory]
    [InlineData("04-podman-named-volume-and-host-bind.mountinfo", "/output/result.qcow2", 736)]
    [InlineData("04-podman-named-volume-and-host-bind.mountinfo", "/var/lib/containers/storage/overlay/l/x", 751)]
    [InlineData("04-podman-named-volume-and-host-bind.mountinfo", "/app/temp", 735)]
    [InlineData("01-docker-dind-aufs-named-volume-bind.mountinfo", "/var/lib/docker/aufs/diff", 100)]
    [InlineData("01-docker-dind-aufs-named-volume-bind.mountinfo", "/go/src/github.com/docker/docker/daemon", 164)]
    [InlineData("02-k8s-pod-docker-cgroupv1-emptydir-pvc-secret.mountinfo", "/cockroach/cockroach-data/db", 776)]
    [InlineData("05-k8s-containerd-cgroupv1-configmap-subpath.mountinfo", "/etc/nginx/conf.d/default.conf", -1)]
    [InlineData("06-docker-cgroupv2-no-volumes.mountinfo", "/app/data", -2)]
    public void Paths_resolve_to_the_mount_that_holds_them_in_real_tables(string name, string path, int id)
    {
        MountTable table = Fixture(name);
        MountEntry holder = table.FindMount(path)!;

        if (id == -1)
        {
            holder.MountPoint.Should().Be(path, "a configMap subPath is a single-file mount");
        }
        else if (id == -2)
        {
            holder.Should().BeSameAs(table.Root, "a container without volumes holds everything in its root mount");
        }
        else
        {
            holder.Id.Should().Be(id);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("1 2 3:4 / / rw - ext4")]
    [InlineData("x 2 3:4 / / rw - ext4 src rw")]
    [InlineData("1 2 34 / / rw - ext4 src rw")]
    [InlineData("1 2 3:4 / / rw shared:1 ext4 src rw")]
    public void Malformed_lines_are_a_format_error_naming_the_line(string line)
    {
        string text = "20 1 8:1 / / rw - ext4 /dev/sda1 rw\n" + line + (line.Length == 0 ? "x" : string.Empty);
        FluentActions.Invoking(() => MountTable.Parse(text)).Should().Throw<FormatException>().WithMessage("*line 2*");
    }

    [Fact]
    public void Lookups_need_an_absolute_path()
    {
        FluentActions.Invoking(() => Fixture("06-docker-cgroupv2-no-volumes.mountinfo").FindMount("app")).Should().Throw<ArgumentException>();
    }
}
