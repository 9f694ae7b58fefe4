using Callytics.Paths.Engine.Tests.Support;

namespace Callytics.Paths.Engine.Tests.Seed;

/// <summary>
/// The failures seen in the field, on the real engine, each twice: first without the check (the mount check off, or
/// the Python service started directly, as the fleet's services start today) to show the damage really happens;
/// then with the library (the .NET sample) or <c>callytics-paths exec</c> (the Python sample), which stops the
/// service before it starts, with the code and the fix the README gives.
/// </summary>
public sealed class SeedFailureTests
{
    private const string ServiceUser = "10001:10001";
    private const string Listening = "Application started";

    // 1. Session files under /app/.temp while only /app/temp is mounted.

    [EngineFact]
    public async Task Unmounted_dot_temp_without_the_check_the_session_lands_in_the_layer_and_is_gone_after_a_recreate()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = DotnetSample(folder, "off").Set("TEMP_DIR", "/app/.temp");
        await using (Service service = await Service.StartAsync(spec))
        {
            await service.WaitForLogAsync(Listening);
            // What the services' code does: temp_dir = f"/app/.temp/session_{unique_id}".
            service.Exec(ServiceUser, "sh", "-c", "mkdir -p /app/.temp/session_9 && head -c 4096 /dev/zero > /app/.temp/session_9/audio.wav").ExitCode.Should().Be(0);

            service.Diff().Should().Contain("A /app/.temp/session_9/audio.wav");
            Directory.EnumerateFileSystemEntries(folder["temp"]).Should().BeEmpty("./temp on the host got nothing");
        }

        await using Service recreated = await Service.StartAsync(spec);
        await recreated.WaitForLogAsync(Listening);
        recreated.Exists("/app/.temp/session_9/audio.wav").Should().BeFalse("the writable layer went with the old container");
    }

    [EngineFact]
    public async Task Unmounted_dot_temp_is_caught_before_the_service_starts_by_the_library_and_by_exec()
    {
        using var folder = new HostFolder();
        await using Service dotnet = await Service.StartAsync(DotnetSample(folder, "enforce").Set("TEMP_DIR", "/app/.temp"));
        CommandResult stopped = await dotnet.WaitForExitAsync();

        stopped.ExitCode.Should().Be(1);
        stopped.All.Should().Contain("[CP501] TEMP_DIR=/app/.temp").And.Contain("/app/temp").And.NotContain(Listening);

        await using Service python = await Service.StartAsync(PythonSample(folder).Set("TEMP_DIR", "/app/.temp"));
        CommandResult refused = await python.WaitForExitAsync();

        refused.ExitCode.Should().Be(1);
        refused.All.Should().Contain("[CP501] TEMP_DIR=/app/.temp").And.Contain("/app/temp").And.NotContain("listening on");
    }

    // 2. The audio cache never mounted: the work is redone after every recreate.

    [EngineFact]
    public async Task Unmounted_cache_without_the_check_the_parsed_audio_is_cached_in_the_layer_and_lost_on_a_recreate()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = DotnetSample(folder, "off", unmounted: ".cache") with { Port = 8080 };
        await using (Service service = await Service.StartAsync(spec))
        {
            await service.WaitUntilAnsweringAsync();
            (await service.PostCallAsync(Wav.Silence())).Status.Should().Be(201);

            service.Diff().Should().Contain(line => line.StartsWith("A /app/.cache/audio/", StringComparison.Ordinal) && line.EndsWith(".json", StringComparison.Ordinal));
        }

        await using Service recreated = await Service.StartAsync(spec);
        await recreated.WaitUntilAnsweringAsync();
        recreated.Exec(ServiceUser, "ls", "-A", "/app/.cache/audio").Output.Should().BeEmpty("the cache went with the old container");
    }

    [EngineFact]
    public async Task Unmounted_cache_is_a_warning_with_the_mount_to_add_before_the_service_listens()
    {
        using var folder = new HostFolder();
        await using Service service = await Service.StartAsync(DotnetSample(folder, "enforce", unmounted: ".cache"));
        string logs = await service.WaitForLogAsync(Listening);

        int warning = logs.IndexOf("CP501 CACHE_DIR", StringComparison.Ordinal);
        warning.Should().BeGreaterThan(-1, logs);
        logs.IndexOf(Listening, StringComparison.Ordinal).Should().BeGreaterThan(warning, "the warning comes at start, before the service runs");
        logs.Should().Contain("- ./.cache:/app/.cache");
    }

    // 3. sqlite:///app/x.sqlite (three slashes) is relative.

    [EngineFact]
    public async Task Three_slashes_without_the_check_name_a_file_under_the_working_directory_and_the_first_call_fails()
    {
        using var folder = new HostFolder();
        // The image's working directory is /app: sqlite:///app/data/calls.sqlite is /app/app/data/calls.sqlite.
        await using Service service = await Service.StartAsync((PythonDirect(folder) with { Port = 8000 }).Set("DATABASE_URL", "sqlite:///app/data/calls.sqlite"));
        await service.WaitUntilAnsweringAsync();

        (await TryPostAsync(service)).Should().NotBe(201);
        await service.WaitForLogAsync("unable to open database file");
        File.Exists(folder["data/calls.sqlite"]).Should().BeFalse("./data on the host got no database");
    }

    [EngineFact]
    public async Task Three_slashes_are_caught_before_the_service_starts_with_the_four_slash_url()
    {
        using var folder = new HostFolder();
        await using Service dotnet = await Service.StartAsync(DotnetSample(folder, "enforce").Set("DATABASE_URL", "sqlite:///app/data/Callytics_new.sqlite"));
        CommandResult stopped = await dotnet.WaitForExitAsync();

        stopped.ExitCode.Should().Be(1);
        stopped.All.Should().Contain("CP302").And.Contain("[CP501] DATABASE_URL").And.Contain("sqlite:////app/data/Callytics_new.sqlite").And.NotContain(Listening);

        await using Service python = await Service.StartAsync(PythonSample(folder).Set("DATABASE_URL", "sqlite:///app/data/calls.sqlite"));
        CommandResult refused = await python.WaitForExitAsync();

        refused.ExitCode.Should().Be(1);
        refused.All.Should().Contain("[CP501] DATABASE_URL").And.Contain("sqlite:////app/data/calls.sqlite").And.NotContain("listening on");
    }

    // 4. A host folder owned by root, and a service that runs as 10001.

    [EngineFact]
    public async Task A_root_owned_host_folder_without_the_check_fails_the_first_call_at_its_first_write()
    {
        using var folder = new HostFolder();
        folder.Folder("logs", uid: 0, gid: 0);
        await using Service service = await Service.StartAsync(PythonDirect(folder) with { Port = 8000 });
        await service.WaitUntilAnsweringAsync();

        (await TryPostAsync(service)).Should().NotBe(201);
        (await service.WaitForLogAsync("PermissionError")).Should().Contain("/app/logs/calls.log");
    }

    [EngineFact]
    public async Task A_root_owned_host_folder_is_caught_before_the_service_starts_with_the_chown_to_run()
    {
        using var folder = new HostFolder();
        folder.Folder("logs", uid: 0, gid: 0);
        await using Service service = await Service.StartAsync(DotnetSample(folder, "enforce"));
        CommandResult stopped = await service.WaitForExitAsync();

        stopped.ExitCode.Should().Be(1);
        stopped.All.Should().Contain("[CP202] LOG_DIR=/app/logs").And.Contain("chown").And.Contain("10001").And.NotContain(Listening);
    }

    // 5. The database bind-mounted as a single file whose host file does not exist.

    [EngineFact]
    public async Task A_single_file_mount_of_a_missing_host_file_without_the_check_gets_a_directory_and_no_database()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = (PythonDirect(folder) with { Port = 8000 }).Set("DATABASE_URL", "sqlite:////app/calls.sqlite")
            .Bind(folder["calls.sqlite"], "/app/calls.sqlite");
        await using Service service = await Service.StartAsync(spec);
        await service.WaitUntilAnsweringAsync();

        Directory.Exists(folder["calls.sqlite"]).Should().BeTrue("Docker made a directory for the missing host file");
        (await TryPostAsync(service)).Should().NotBe(201);
        await service.WaitForLogAsync("unable to open database file");
    }

    [EngineFact]
    public async Task A_single_file_mount_of_a_missing_host_file_is_caught_before_the_service_starts()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = DotnetSample(folder, "enforce").Set("DATABASE_URL", "sqlite:////app/Callytics_new.sqlite")
            .Bind(folder["Callytics_new.sqlite"], "/app/Callytics_new.sqlite");
        await using Service service = await Service.StartAsync(spec);
        CommandResult stopped = await service.WaitForExitAsync();

        stopped.ExitCode.Should().Be(1);
        stopped.All.Should().Contain("CP506").And.Contain("directory").And.NotContain(Listening);
    }

    // 6. A read-only volume where the service writes.

    [EngineFact]
    public async Task A_read_only_volume_without_the_check_fails_the_first_write()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = (PythonDirect(folder) with { Port = 8000 }).Bind(folder["logs"], "/app/logs", readOnly: true);
        await using Service service = await Service.StartAsync(spec);
        await service.WaitUntilAnsweringAsync();

        (await TryPostAsync(service)).Should().NotBe(201);
        await service.WaitForLogAsync("Read-only file system");
    }

    [EngineFact]
    public async Task A_read_only_volume_is_caught_before_the_service_starts()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = DotnetSample(folder, "enforce").Bind(folder["logs"], "/app/logs", readOnly: true);
        await using Service service = await Service.StartAsync(spec);
        CommandResult stopped = await service.WaitForExitAsync();

        stopped.ExitCode.Should().Be(1);
        stopped.All.Should().Contain("LOG_DIR=/app/logs").And.Contain("CP502").And.Contain("read-only").And.NotContain(Listening);
    }

    // 7. A named volume at a path the image does not have: Docker creates it root-owned.

    [EngineFact]
    public async Task A_fresh_named_volume_without_the_check_is_root_owned_and_the_service_user_cannot_write()
    {
        using var folder = new HostFolder();
        await using var volume = new NamedVolume();
        ServiceSpec spec = (PythonDirect(folder) with { Port = 8000 }).Set("LOG_DIR", "/var/log/callytics").Volume(volume.Name, "/var/log/callytics");
        await using Service service = await Service.StartAsync(spec);
        await service.WaitUntilAnsweringAsync();

        (await TryPostAsync(service)).Should().NotBe(201);
        (await service.WaitForLogAsync("PermissionError")).Should().Contain("/var/log/callytics/calls.log");
    }

    [EngineFact]
    public async Task A_fresh_named_volume_is_proven_a_volume_and_its_owner_caught_by_the_library_and_handed_over_by_exec()
    {
        using var folder = new HostFolder();
        await using var volume = new NamedVolume();
        ServiceSpec dotnetSpec = DotnetSample(folder, "enforce").Set("LOG_DIR", "/var/log/callytics").Volume(volume.Name, "/var/log/callytics");
        await using (Service dotnet = await Service.StartAsync(dotnetSpec))
        {
            CommandResult stopped = await dotnet.WaitForExitAsync();

            stopped.ExitCode.Should().Be(1);
            stopped.All.Should().Contain("[CP202] LOG_DIR=/var/log/callytics").And.NotContain("CP501", "a named volume is a volume").And.NotContain(Listening);
        }

        ServiceSpec pythonSpec = (PythonSample(folder) with { Port = 8000 }).Set("LOG_DIR", "/var/log/callytics").Volume(volume.Name, "/var/log/callytics");
        await using (Service python = await Service.StartAsync(pythonSpec))
        {
            await python.WaitUntilAnsweringAsync();
            (await python.PostCallAsync(Wav.Silence())).Status.Should().Be(201, "exec handed the volume's root to the service user");
        }

        await using Service recreated = await Service.StartAsync(pythonSpec);
        await recreated.WaitUntilAnsweringAsync();
        recreated.Exec(ServiceUser, "cat", "/var/log/callytics/calls.log").Output.Should().Contain("call 1", "the volume kept the log across the recreate");
    }

    // 8. A volume that fills up.

    [EngineFact]
    public async Task A_full_volume_without_the_check_fails_the_write()
    {
        using var folder = new HostFolder();
        ServiceSpec spec = (PythonDirect(folder) with { Port = 8000 }).WithTmpfs("/app/logs", 1);
        await using Service service = await Service.StartAsync(spec);
        await service.WaitUntilAnsweringAsync();
        service.Exec(ServiceUser, "sh", "-c", "head -c 2M /dev/zero > /app/logs/filler").ExitCode.Should().NotBe(0, "the tmpfs holds 1 MiB");

        (await TryPostAsync(service)).Should().NotBe(201);
        await service.WaitForLogAsync("No space left on device");
    }

    [EngineFact]
    public async Task A_volume_filling_up_turns_the_healthcheck_unhealthy_with_the_code()
    {
        using var folder = new HostFolder();
        // 120 MiB: above the error threshold (100 MiB free) when empty, below it once 40 MiB are written.
        ServiceSpec spec = (PythonSample(folder) with { Port = 8000, HealthInterval = TimeSpan.FromSeconds(1) }).WithTmpfs("/app/logs", 120);
        await using Service service = await Service.StartAsync(spec);
        await service.WaitUntilAnsweringAsync();
        await service.WaitForHealthAsync("healthy");

        service.Exec("0:0", "sh", "-c", "head -c 40M /dev/zero > /app/logs/filler").ExitCode.Should().Be(0);

        string probe = await service.WaitForHealthAsync("unhealthy");
        probe.Should().Contain("CP602").And.Contain("LOG_DIR");
    }

    private static ServiceSpec DotnetSample(HostFolder folder, string mountCheck, params string[] unmounted)
    {
        var spec = new ServiceSpec(SampleImages.RequireDotnet()) { Environment = { ["CALLYTICS_MOUNT_CHECK"] = mountCheck } };
        foreach ((string name, bool readOnly) in new[] { ("audio", true), ("temp", false), ("logs", false), ("data", false), ("config", true), (".cache", false) })
        {
            if (!unmounted.Contains(name))
            {
                spec.Binds.Add((Directory.Exists(folder[name]) ? folder[name] : folder.Folder(name), "/app/" + name, readOnly));
            }
        }

        return spec;
    }

    /// <summary>The Python sample as its image starts it: <c>callytics-paths exec --user 10001:10001 -- python -m app</c>.</summary>
    private static ServiceSpec PythonSample(HostFolder folder)
    {
        var spec = new ServiceSpec(SampleImages.RequirePython()) { Environment = { ["CALLYTICS_MOUNT_CHECK"] = "enforce" } };
        foreach (string name in new[] { "temp", "logs", "data" })
        {
            spec.Binds.Add((Directory.Exists(folder[name]) ? folder[name] : folder.Folder(name), "/app/" + name, false));
        }

        return spec;
    }

    /// <summary>The Python sample started the way the fleet's services start today: directly, as the service user, nothing checked.</summary>
    private static ServiceSpec PythonDirect(HostFolder folder) =>
        (PythonSample(folder) with { Entrypoint = ["python"], Command = ["-m", "app"], User = ServiceUser })
            .Set("TEMP_DIR", "/app/temp").Set("LOG_DIR", "/app/logs");

    private static async Task<int> TryPostAsync(Service service)
    {
        try
        {
            return (await service.PostCallAsync(Wav.Silence())).Status;
        }
        catch (HttpRequestException)
        {
            return 0; // the Python service dropped the connection on its unhandled error
        }
    }
}
