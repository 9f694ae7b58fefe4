using Callytics.Paths.Configuration;
using Callytics.Paths.Mounts;
using Callytics.Paths.Tests.Mounts;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Validation;

/// <summary>
/// The volume rules on saved tables: what cannot be made on this machine (an NFS server, a FUSE filesystem, a
/// Kubernetes emptyDir) comes from <c>07-nfs-database.mountinfo</c>; everything else is also proven in real mount
/// namespaces by <see cref="ContainerVolumeTests"/>.
/// </summary>
public class VolumeRulesTests
{
    private static readonly MountTable Nfs = MountTableTests.Fixture("07-nfs-database.mountinfo");

    private static List<PathFinding> Directory(PathRole role, string path, MountCheckMode mode = MountCheckMode.Enforce, MountTable? table = null)
    {
        var findings = new List<PathFinding>();
        new VolumeRules(table ?? Nfs, mode).CheckDirectory(RoleLayout.Directories.Single(l => l.Role == role), path, findings);
        return findings;
    }

    private static List<PathFinding> Database(string file, MountTable? table = null, string? dataDirectory = "/app/data")
    {
        var findings = new List<PathFinding>();
        new VolumeRules(table ?? Nfs, MountCheckMode.Enforce).CheckDatabase(file, readOnly: false, dataDirectory, findings);
        return findings;
    }

    [Fact]
    public void A_database_on_nfs_warns_that_sqlite_locking_is_unsafe()
    {
        PathFinding warning = Database("/app/data/Callytics_new.sqlite").Should().ContainSingle().Subject;

        warning.Severity.Should().Be(FindingSeverity.Warning);
        warning.Code.Should().Be(FindingCodes.DatabaseOnNetworkFileSystem);
        warning.Message.Should().Contain("nfs4").And.Contain("locking").And.Contain("WAL");
    }

    [Fact]
    public void A_database_on_fuse_warns_too()
    {
        Database("/app/.cache/x.sqlite").Should().ContainSingle(f => f.Code == FindingCodes.DatabaseOnNetworkFileSystem)
            .Which.Message.Should().Contain("fuse.sshfs");
    }

    [Fact]
    public void Data_on_a_kubernetes_empty_dir_or_tmpfs_is_mounted_but_not_persistent()
    {
        var table = MountTable.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "mountinfo", "07-nfs-database.mountinfo"))
            .Replace(" /app/logs ", " /app/data2 ", StringComparison.Ordinal));

        Directory(PathRole.Data, "/app/data2", table: table).Should().ContainSingle()
            .Which.Message.Should().Contain("Kubernetes emptyDir").And.Contain("not persistent");
        Directory(PathRole.Data, "/app/temp").Should().ContainSingle(f => f.Code == FindingCodes.NotPersistent)
            .Which.Message.Should().Contain("tmpfs");
        Database("/app/temp/x.sqlite").Should().Contain(f => f.Code == FindingCodes.NotPersistent);
    }

    [Fact]
    public void Temp_on_tmpfs_is_fine_because_temp_is_not_kept()
    {
        Directory(PathRole.Temp, "/app/temp").Should().BeEmpty();
    }

    [Fact]
    public void A_read_only_mount_where_the_role_writes_is_an_error_naming_the_mount()
    {
        PathFinding error = Directory(PathRole.Cache, "/app/audio/cache").Should().ContainSingle().Subject;
        error.Code.Should().Be(FindingCodes.ReadOnlyMount);
        error.Severity.Should().Be(FindingSeverity.Error);
        error.Message.Should().Contain("read-only mount").And.Contain("/app/audio");

        Directory(PathRole.Audio, "/app/audio").Should().BeEmpty("audio is only read");
    }

    [Fact]
    public void A_database_mounted_as_a_single_file_warns_about_journal_wal_and_shm()
    {
        PathFinding warning = Database("/app/Callytics_new.sqlite").Should().ContainSingle().Subject;

        warning.Code.Should().Be(FindingCodes.DatabaseSingleFileMount);
        warning.Message.Should().Contain("-journal, -wal and -shm").And.Contain("container layer");
        warning.Fix.Should().Contain("Drop the single-file mount").And.Contain("set DATABASE_URL=sqlite:////app/data/Callytics_new.sqlite", "the data directory is mounted");
    }

    [Fact]
    public void The_single_file_fix_mounts_the_data_directory_as_compose_lint_says_never_the_files_own_directory()
    {
        // A real engine table: the database bind-mounted alone at /app/Callytics_new.sqlite, no data volume.
        var table = MountTable.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "mountinfo", "09-docker-engine-bind-volume-tmpfs-ro-file.mountinfo"))
            .Replace(" /app/data ", " /srv/other ", StringComparison.Ordinal));
        PathFinding warning = Database("/app/Callytics_new.sqlite", table).Should().ContainSingle(f => f.Code == FindingCodes.DatabaseSingleFileMount).Subject;

        warning.Fix.Should().Contain("`- ./data:/app/data`").And.Contain("DATABASE_URL=sqlite:////app/data/Callytics_new.sqlite")
            .And.NotContain("./data:/app`", "a mount at /app would hide the image's whole layout");
        using var tree = new Support.TempTree();
        Callytics.Paths.Linting.Finding lint = Linting.Compose.ComposeFiles.Lint(tree,
                "services:\n  svc:\n    environment:\n      DATABASE_URL: sqlite:////app/Callytics_new.sqlite\n    volumes:\n      - ./Callytics_new.sqlite:/app/Callytics_new.sqlite\n")
            .Should().ContainSingle(f => f.Code == "CC106").Subject;
        lint.Fix.Should().Contain("`- ./data:/app/data`", "compose lint gives the same mount");
    }

    [Theory]
    [InlineData(MountCheckMode.Enforce, FindingSeverity.Error)]
    [InlineData(MountCheckMode.Warn, FindingSeverity.Warning)]
    public void Under_warn_every_mount_error_is_a_warning(MountCheckMode mode, FindingSeverity severity)
    {
        Directory(PathRole.Logs, "/app/.logs", mode).Should().ContainSingle().Which.Severity.Should().Be(severity);
        Directory(PathRole.Logs, "/app/audio/logs", mode).Should().ContainSingle().Which.Severity.Should().Be(severity);
    }

    [Theory]
    [InlineData(PathRole.Temp, FindingSeverity.Error)]
    [InlineData(PathRole.Logs, FindingSeverity.Error)]
    [InlineData(PathRole.Data, FindingSeverity.Error)]
    [InlineData(PathRole.Cache, FindingSeverity.Warning)]
    [InlineData(PathRole.Audio, FindingSeverity.Warning)]
    [InlineData(PathRole.Config, FindingSeverity.Information)]
    public void Not_being_on_a_volume_matters_as_much_as_what_is_at_stake(PathRole role, FindingSeverity severity)
    {
        PathFinding finding = Directory(role, "/srv/elsewhere").Should().ContainSingle().Subject;
        finding.Code.Should().Be(FindingCodes.NotOnVolume);
        finding.Severity.Should().Be(severity);
    }

    [Fact]
    public void A_path_next_to_a_mounted_one_suggests_it()
    {
        PathFinding error = Directory(PathRole.Temp, "/app/.temp").Should().ContainSingle().Subject;
        error.Message.Should().Contain("while /app/temp is");
        error.Fix.Should().Contain("Did you mean /app/temp?").And.Contain("TEMP_DIR=/app/temp").And.Contain("- ./temp:/app/.temp");
    }

    [Fact]
    public void A_database_outside_every_volume_suggests_the_mounted_data_directory()
    {
        PathFinding error = Database("/srv/x.sqlite").Should().ContainSingle(f => f.Code == FindingCodes.NotOnVolume).Subject;
        error.Severity.Should().Be(FindingSeverity.Error);
        error.Fix.Should().Contain("DATABASE_URL=sqlite:////app/data/x.sqlite");
    }

    [Fact]
    public void A_database_outside_every_volume_is_told_to_move_under_the_layouts_own_data_directory()
    {
        PathFinding error = Database("/srv/x.sqlite", dataDirectory: "/srv/data").Should().ContainSingle(f => f.Code == FindingCodes.NotOnVolume).Subject;

        error.Fix.Should().Contain("`- ./data:/srv/data`").And.Contain("DATABASE_URL=sqlite:////srv/data/x.sqlite").And.NotContain("/app");
    }
}
