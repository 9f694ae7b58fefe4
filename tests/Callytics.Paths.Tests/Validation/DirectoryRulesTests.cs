using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Validation;

public class DirectoryRulesTests
{
    private static PathValidationResult Validate(CallyticsPaths paths, bool create = true) =>
        CallyticsPathsValidator.Validate(paths, new PathValidationSettings { CreateMissingDirectories = create });

    [Fact]
    public void Missing_directories_are_created_with_their_parents_0750_and_temp_0700()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout("deep/er/app");

        PathValidationResult result = Validate(paths);

        result.HasErrors.Should().BeFalse(string.Join('\n', result.Findings));
        File.GetUnixFileMode(paths.TempDir).Should().Be((UnixFileMode)0x1C0, "temp is private: 0700");
        foreach (string dir in new[] { paths.AudioDir, paths.LogDir, paths.DataDir, paths.ConfigDir, paths.CacheDir, tree["deep"], tree["deep/er"], tree["deep/er/app"] })
        {
            File.GetUnixFileMode(dir).Should().Be((UnixFileMode)0x1E8, $"{dir} is created 0750");
        }

        result.Findings.Where(f => f.Code == FindingCodes.DirectoryCreated).Should().HaveCount(6);
    }

    [RootFact("sh")]
    public void Created_directories_are_never_world_writable_whatever_the_umask()
    {
        using var tree = new TempTree();
        // umask 000 would leave mkdir's mode untouched and umask 077 would strip group bits: the mode is set exactly either way.
        foreach (string umask in new[] { "000", "077" })
        {
            string root = tree[$"umask{umask}"];
            ProcessResult run = ChildProcess.Run(["sh", "-c", $"umask {umask} && exec \"$0\" \"$@\"", .. ChildProcess.TestHost],
                new Dictionary<string, string> { ["CALLYTICS_ROOT"] = root });

            run.ExitCode.Should().Be(0, run.ToString());
            File.GetUnixFileMode(Path.Combine(root, "temp")).Should().Be((UnixFileMode)0x1C0);
            File.GetUnixFileMode(Path.Combine(root, "data")).Should().Be((UnixFileMode)0x1E8);
        }
    }

    [Fact]
    public void Without_create_a_missing_directory_is_reported_and_not_created()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();

        PathValidationResult result = Validate(paths, create: false);

        result.Findings.Where(f => f.Code == FindingCodes.DirectoryMissing).Select(f => f.Variable)
            .Should().BeEquivalentTo(["AUDIO_DIR", "TEMP_DIR", "LOG_DIR", "DATA_DIR", "CONFIG_DIR", "CACHE_DIR"]);
        Directory.Exists(tree["app"]).Should().BeFalse();
    }

    [Fact]
    public void A_file_where_the_directory_must_be_is_an_error_and_stays_untouched()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        tree.WriteFile("app/logs", "precious");

        PathValidationResult result = Validate(paths);

        PathFinding error = result.Errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(FindingCodes.NotADirectory);
        error.Variable.Should().Be("LOG_DIR");
        error.Message.Should().Contain("regular file");
        File.ReadAllText(tree["app/logs"]).Should().Be("precious");
    }

    [Fact]
    public void A_file_in_the_middle_of_the_path_is_named()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        tree.WriteFile("app/data", "not a dir");
        paths.DataDir = tree["app/data/sub/dir"];

        PathFinding error = Validate(paths).Errors.Single(e => e.Variable == "DATA_DIR");

        error.Code.Should().Be(FindingCodes.NotADirectory);
        error.Message.Should().Contain(tree["app/data"] + " is a regular file");
        File.ReadAllText(tree["app/data"]).Should().Be("not a dir");
    }

    [Fact]
    public void A_world_writable_directory_without_sticky_bit_is_a_warning_that_says_so()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        tree.Dir("app/temp", 0x1FF);      // 0777
        tree.Dir("app/logs", 0x3FF);      // 1777: sticky, like /tmp

        PathValidationResult result = Validate(paths);

        PathFinding warning = result.Warnings.Should().ContainSingle().Subject;
        warning.Code.Should().Be(FindingCodes.WorldWritable);
        warning.Variable.Should().Be("TEMP_DIR");
        warning.Message.Should().Contain("world-writable");
        File.GetUnixFileMode(paths.TempDir).Should().Be((UnixFileMode)0x1FF, "validation never changes an existing directory");
    }

    [Fact]
    public void A_symbolic_link_to_a_directory_is_followed()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        string real = tree.Dir("real-data");
        Directory.CreateDirectory(tree["app"]);
        Directory.CreateSymbolicLink(tree["app/data"], real);

        Validate(paths).HasErrors.Should().BeFalse();
        new DirectoryInfo(tree["app/data"]).LinkTarget.Should().Be(real);
    }

    [Fact]
    public void A_dangling_link_is_not_replaced_by_a_directory()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        Directory.CreateDirectory(tree["app"]);
        File.CreateSymbolicLink(tree["app/data"], tree["nowhere/at/all"]);

        PathValidationResult result = Validate(paths);

        // mkdir on a dangling link fails with EEXIST: the link is reported and left alone.
        result.Errors.Should().Contain(e => e.Variable == "DATA_DIR");
        new FileInfo(tree["app/data"]).LinkTarget.Should().Be(tree["nowhere/at/all"]);
    }

    [Fact]
    public void A_relative_directory_that_exists_is_resolved_and_reported_as_a_warning()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.CacheDir = "cache-here";
        tree.Dir("cache-here");

        PathValidationResult result = CallyticsPathsValidator.Validate(paths, new PathValidationSettings { WorkingDirectory = tree.Root });

        PathFinding warning = result.Warnings.Should().ContainSingle().Subject;
        warning.Code.Should().Be(FindingCodes.RelativePath);
        warning.Path.Should().Be(tree["cache-here"]);
        warning.Fix.Should().Contain($"CACHE_DIR={tree["cache-here"]}");
        result.Errors.Should().BeEmpty();
        paths.CacheDir.Should().Be("cache-here", "validation does not change the object it is given");
    }

    [Fact]
    public void A_relative_directory_that_is_missing_is_an_error_and_is_never_created_in_the_working_directory()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.CacheDir = "cache-here/sub";
        paths.DatabaseUrl = "sqlite:///db-here/x.sqlite";

        PathValidationResult result = CallyticsPathsValidator.Validate(paths, new PathValidationSettings { WorkingDirectory = tree.Root });

        result.Errors.Select(e => (e.Code, e.Variable)).Should().BeEquivalentTo([(FindingCodes.DirectoryMissing, "CACHE_DIR"), (FindingCodes.DirectoryMissing, "DATABASE_URL")]);
        result.Errors.First().Message.Should().Contain("is relative").And.Contain("never created");
        result.Errors.Single(e => e.Variable == "CACHE_DIR").Fix.Should().Contain("absolute path");
        result.Errors.Single(e => e.Variable == "DATABASE_URL").Fix.Should().StartWith("Set DATABASE_URL=sqlite:////db-here/x.sqlite (absolute)", "the fix for a URL is a URL");
        Directory.GetFileSystemEntries(tree.Root).Select(Path.GetFileName).Should().BeEquivalentTo(["app"], "only the absolute layout was created");
    }

    [Fact]
    public void A_directory_used_twice_is_probed_once_and_reported_once()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.CacheDir = paths.DataDir;

        PathValidationResult result = Validate(paths);

        result.HasErrors.Should().BeFalse();
        result.Findings.Count(f => f.Code == FindingCodes.DirectoryCreated && f.Path == paths.DataDir).Should().Be(1);
    }

    [Fact]
    public void Without_the_write_probe_nothing_is_written_and_writability_comes_from_the_kernel()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        foreach (string dir in new[] { "audio", "temp", "logs", "data", "config", ".cache" })
        {
            tree.Dir("app/" + dir);
        }

        var past = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (string dir in Directory.GetDirectories(tree["app"]).Append(tree["app"]))
        {
            Directory.SetLastWriteTimeUtc(dir, past);
        }

        PathValidationResult result = CallyticsPathsValidator.Validate(paths, new PathValidationSettings { CreateMissingDirectories = false, WriteProbe = false });

        result.HasErrors.Should().BeFalse();
        result.RoleOf(PathRole.Temp)!.Usable.Should().BeTrue();
        foreach (string dir in Directory.GetDirectories(tree["app"]).Append(tree["app"]))
        {
            Directory.GetLastWriteTimeUtc(dir).Should().Be(past, $"{dir} was not written to");
        }
    }

    [RootFact("unshare", "mount")]
    public void Without_the_write_probe_a_read_only_filesystem_is_still_found()
    {
        using var tree = new TempTree();
        string logs = tree.Dir("app/logs");
        string script = $"mount -t tmpfs -o ro tmpfs '{logs}' && exec \"$0\" \"$@\" check --json";
        ProcessResult run = ChildProcess.Run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, .. ChildProcess.Tool],
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] });

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().Contain("CP203").And.Contain("read-only filesystem");
    }

    [Fact]
    public void A_link_planted_while_a_missing_directory_is_created_never_has_a_mode_set_through_it()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        Validate(paths).HasErrors.Should().BeFalse();
        string victim = tree.WriteFile("victim.key", "secret key");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        int refused = 0;

        using (var planter = new LinkPlanter(tree["app"], turn => $"t{turn}", victim))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int turn = 0; clock.Elapsed < TimeSpan.FromSeconds(3); turn++)
            {
                paths.TempDir = tree[$"app/t{turn}"];
                PathValidationResult result = Validate(paths);
                refused += result.Errors.Count(e => e.Code == FindingCodes.DirectoryCreateFailed && e.Message.Contains("was replaced", StringComparison.Ordinal));
                planter.Passed(turn);
                File.GetUnixFileMode(victim).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, $"turn {turn}: no mode lands on the link's target");
            }

            planter.Dispose();
            planter.Planted.Should().BePositive("the race must really have been run");
        }

        refused.Should().BePositive("a directory swapped while being created is reported, not used");
    }
}
