using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Validation;

/// <summary>
/// Every volume rule, both ways, in a real container filesystem (<see cref="ContainerSandbox"/>): overlay root,
/// read-only system binds, /proc, /.dockerenv, and volumes as bind, read-only bind, tmpfs, single-file bind and a
/// filled-up tmpfs. The service is the test host started under chroot.
/// </summary>
public class ContainerVolumeTests
{
    private static string CallyticsWarnings(ProcessResult run) =>
        string.Join('\n', run.StandardOutput.Split('\n').Where(l => l.StartsWith("warn: Callytics.Paths", StringComparison.Ordinal)));

    [RootFact("unshare", "mount", "chroot")]
    public void The_standard_layout_fully_mounted_starts_without_any_warning()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.StandardVolumes().Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        CallyticsWarnings(run).Should().BeEmpty();
        run.StandardOutput.Should().Contain("layout: AUDIO_DIR=/app/audio");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void The_standard_layout_with_a_single_file_database_starts_with_exactly_that_warning()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.StandardVolumes().BindFile("/app/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        string warnings = CallyticsWarnings(run);
        warnings.Split('\n').Should().ContainSingle();
        warnings.Should().Contain("CP505").And.Contain("-journal, -wal and -shm");
        warnings.Should().Contain("set DATABASE_URL=sqlite:////app/data/Callytics_new.sqlite").And.NotContain("./data:/app`", "a mount at /app would hide the whole layout");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Temp_beside_the_mounted_one_fails_names_the_mount_and_is_not_created_in_the_container_layer()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.StandardVolumes().Set("TEMP_DIR", "/app/.temp").Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("1 problem;").And.Contain("TEMP_DIR=/app/.temp").And.Contain("Did you mean /app/temp?", "the fix names the mounted path")
            .And.Contain("- ./temp:/app/.temp");
        Directory.Exists(Path.Combine(sandbox.Upper, "app/.temp")).Should().BeFalse("nothing is created in the container layer");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Logs_data_and_database_outside_every_volume_fail_while_cache_audio_and_config_only_warn()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/temp");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("3 problems;").And.Contain("LOG_DIR").And.Contain("DATA_DIR").And.Contain("DATABASE_URL")
            .And.NotContain("CACHE_DIR").And.NotContain("AUDIO_DIR").And.NotContain("CONFIG_DIR");
        string warnings = CallyticsWarnings(run);
        warnings.Should().Contain("CACHE_DIR").And.Contain("slower").And.Contain("AUDIO_DIR").And.NotContain("CONFIG_DIR");
        foreach (string missing in new[] { "app/logs", "app/data" })
        {
            Directory.Exists(Path.Combine(sandbox.Upper, missing)).Should().BeFalse($"{missing} is not created in the container layer");
        }
    }

    [RootFact("unshare", "mount", "chroot")]
    public void A_read_only_volume_for_logs_fails_and_says_read_only()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/audio", readOnly: true).Bind("/app/temp").Bind("/app/logs", readOnly: true).Bind("/app/data")
            .Bind("/app/config", readOnly: true).Bind("/app/.cache").Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("1 problem;").And.Contain("CP502").And.Contain("LOG_DIR").And.Contain("read-only mount")
            .And.Contain("mount at /app/logs");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Data_on_tmpfs_starts_with_a_warning_naming_tmpfs()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/audio").Bind("/app/temp").Bind("/app/logs").Tmpfs("/app/data").Bind("/app/config").Bind("/app/.cache")
            .Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        CallyticsWarnings(run).Should().Contain("CP503").And.Contain("tmpfs").And.Contain("DATA_DIR").And.Contain("DATABASE_URL");
    }

    [RootFact("unshare", "mount", "chroot", "dd")]
    public void A_full_tmpfs_for_logs_fails_as_no_space_left()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/audio").Bind("/app/temp").Tmpfs("/app/logs", full: true).Bind("/app/data").Bind("/app/config").Bind("/app/.cache")
            .Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("CP204").And.Contain("LOG_DIR").And.Contain("no space left");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void A_directory_bind_mounted_at_the_database_path_fails_explaining_why_docker_made_it()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.StandardVolumes().Bind("/app/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("1 problem;").And.Contain("CP506").And.Contain("host file of a bind mount does not exist");
        run.StandardError.Should().Contain("set DATABASE_URL=sqlite:////app/data/Callytics_new.sqlite").And.NotContain("./data:/app`", "a mount at /app would hide the whole layout");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Under_warn_the_same_mistakes_start_with_warnings()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Bind("/app/temp").Set("CALLYTICS_MOUNT_CHECK", "warn");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        CallyticsWarnings(run).Should().Contain("LOG_DIR").And.Contain("DATA_DIR").And.Contain("DATABASE_URL");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Under_off_nothing_about_mounts_is_checked()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Set("CALLYTICS_MOUNT_CHECK", "off");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        CallyticsWarnings(run).Should().BeEmpty();
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Auto_outside_a_container_checks_nothing()
    {
        using var sandbox = new ContainerSandbox { DockerEnv = false, OverlayRoot = false };

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        CallyticsWarnings(run).Should().BeEmpty();
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Auto_recognises_a_container_by_its_overlay_root_alone()
    {
        using var sandbox = new ContainerSandbox { DockerEnv = false };

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("not on a volume");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void Enforce_applies_outside_a_container_too()
    {
        using var sandbox = new ContainerSandbox { DockerEnv = false, OverlayRoot = false };
        sandbox.Set("CALLYTICS_MOUNT_CHECK", "enforce");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("TEMP_DIR=/app/temp").And.Contain("not on a volume");
    }

    [RootFact("unshare", "mount", "chroot")]
    public void A_link_from_the_container_layer_into_a_volume_counts_as_the_volume()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.StandardVolumes().Bind("/srv/realtemp").Shell("ln -s /srv/realtemp root/app/linked-temp")
            .Set("TEMP_DIR", "/app/linked-temp").Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
    }

    [RootFact("unshare", "mount", "chroot")]
    public void An_unknown_mount_check_value_is_an_error()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.StandardVolumes().Set("CALLYTICS_MOUNT_CHECK", "strict").Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("CALLYTICS_MOUNT_CHECK=strict is not one of auto, enforce, warn, off");
    }

    [RootTheory("unshare", "mount", "chroot")]
    [InlineData("/var/Callytics_new.sqlite", "into the container layer")]
    [InlineData("/nowhere/Callytics_new.sqlite", "dangling")]
    public void A_database_linked_from_the_data_volume_out_of_every_volume_fails_as_not_on_a_volume(string target, string because)
    {
        using var sandbox = new ContainerSandbox();
        sandbox.StandardVolumes().Set("DATABASE_URL", "sqlite:////app/data/Callytics_new.sqlite").Set("CALLYTICS_MOUNT_CHECK", "enforce")
            .Shell("mkdir -p root/var && touch root/var/Callytics_new.sqlite")
            .Shell($"ln -s '{target}' \"$(pwd)/host/app_data/Callytics_new.sqlite\"");

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, because + ": " + run);
        run.StandardError.Should().Contain("CP501").And.Contain($"it resolves to {target}");
    }
}
