using Callytics.Paths.Configuration;
using Callytics.Paths.Mounts;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Mounts;

/// <summary>
/// Mount tables captured from containers on Debian's Docker Engine (20.10, overlay2), the one the engine tests run:
/// <c>09</c> has a bind, a named volume, a tmpfs, a read-only bind, a single-file bind and the directory Docker made
/// for a missing single-file host path; <c>10</c> has no volume at all, on a user-defined bridge with a published
/// port. Docker bind-mounts its own /etc/hosts, /etc/hostname and /etc/resolv.conf into both: none of them is ever
/// taken for a volume holding a role path.
/// </summary>
public class DockerEngineTableTests
{
    private static readonly MountTable Volumes = MountTableTests.Fixture("09-docker-engine-bind-volume-tmpfs-ro-file.mountinfo");
    private static readonly MountTable NoVolumes = MountTableTests.Fixture("10-docker-engine-no-volumes-bridge.mountinfo");

    private static List<PathFinding> Directory(MountTable table, PathRole role, string path)
    {
        var findings = new List<PathFinding>();
        new VolumeRules(table, MountCheckMode.Enforce).CheckDirectory(RoleLayout.Directories.Single(l => l.Role == role), path, findings);
        return findings;
    }

    [Theory]
    [InlineData("/app/logs", "ext4", "/tmp/capture.LzUc/logs")]
    [InlineData("/app/data/x", "ext4", "/var/lib/callytics-engine/data/volumes/callytics-capture-data/_data")]
    [InlineData("/app/temp/session_1", "tmpfs", "/")]
    [InlineData("/app/config", "ext4", "/tmp/capture.LzUc/config")]
    public void Each_kind_of_volume_holds_its_role_path(string path, string type, string root)
    {
        MountEntry holder = Volumes.FindMount(path)!;

        (holder.FileSystemType, holder.Root).Should().Be((type, root));
        Volumes.Root!.FileSystemType.Should().Be("overlay");
    }

    [Fact]
    public void Binds_named_volumes_and_tmpfs_are_volumes_and_the_read_only_bind_is_read_only()
    {
        Directory(Volumes, PathRole.Logs, "/app/logs").Should().BeEmpty();
        Directory(Volumes, PathRole.Data, "/app/data").Should().BeEmpty("a named volume persists");
        Directory(Volumes, PathRole.Temp, "/app/temp").Should().BeEmpty("temp may be lost");
        Directory(Volumes, PathRole.Config, "/app/config").Should().BeEmpty("configuration is only read");
        Directory(Volumes, PathRole.Cache, "/app/config/cache").Should().ContainSingle().Which.Code.Should().Be(FindingCodes.ReadOnlyMount);
        Directory(Volumes, PathRole.Data, "/app/temp/data").Should().ContainSingle().Which.Code.Should().Be(FindingCodes.NotPersistent);
    }

    [Fact]
    public void The_single_file_bind_is_found_as_a_single_file_database_mount()
    {
        var findings = new List<PathFinding>();
        new VolumeRules(Volumes, MountCheckMode.Enforce).CheckDatabase("/app/Callytics_new.sqlite", readOnly: false, "/app/data", findings);

        findings.Should().ContainSingle().Which.Code.Should().Be(FindingCodes.DatabaseSingleFileMount);
    }

    [Theory]
    [InlineData("/etc/hosts")]
    [InlineData("/etc/hostname")]
    [InlineData("/etc/resolv.conf")]
    public void Dockers_own_file_binds_hold_only_themselves(string file)
    {
        foreach (MountTable table in new[] { Volumes, NoVolumes })
        {
            table.FindMount(file)!.MountPoint.Should().Be(file, "Docker bind-mounts that file");
            table.FindMount("/etc")!.Should().BeSameAs(table.Root);
            table.FindMount(file + ".d/x")!.Should().BeSameAs(table.Root, "a path that only starts with the file's name is not inside it");
            Directory(table, PathRole.Config, "/etc").Should().ContainSingle().Which.Code.Should().Be(FindingCodes.NotOnVolume);
            Directory(table, PathRole.Logs, file + ".d").Should().ContainSingle().Which.Code.Should().Be(FindingCodes.NotOnVolume);
        }
    }

    [Theory]
    [InlineData(PathRole.Temp)]
    [InlineData(PathRole.Logs)]
    [InlineData(PathRole.Data)]
    public void Without_volumes_every_written_role_is_in_the_writable_layer(PathRole role)
    {
        Directory(NoVolumes, role, "/app/" + RoleLayout.Directories.Single(l => l.Role == role).DefaultName).Should().ContainSingle()
            .Which.Should().Match<PathFinding>(f => f.Code == FindingCodes.NotOnVolume && f.Severity == FindingSeverity.Error);
    }
}
