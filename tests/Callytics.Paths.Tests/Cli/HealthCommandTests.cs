using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

/// <summary><c>callytics-paths health</c> as a container's HEALTHCHECK, in a real container filesystem.</summary>
public class HealthCommandTests
{
    private static readonly string Tool = string.Join(' ', ContainerSandbox.ToolCommand);

    [RootFact("unshare", "mount", "chroot")]
    public void Health_exits_0_on_a_good_layout_and_1_once_its_volume_is_full()
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Tmpfs("/app/logs", size: "200m").Bind("/app/temp").Set("CALLYTICS_ROLES", "temp,logs").Set("CALLYTICS_MOUNT_CHECK", "enforce");
        sandbox.Command = ["/bin/sh", "-c",
            $"{Tool} health; echo rc=$?; dd if=/dev/zero of=/app/logs/filler bs=4k 2>/dev/null; {Tool} health --json > /tmp/h.json; echo rc=$?; cat /tmp/h.json"];

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, run.ToString());
        string output = run.StandardOutput;
        output.Should().StartWith("Degraded: Warnings: LOG_DIR", "a tmpfs is not persistent, and 200 MiB free is below the 1 GiB a Degraded check wants");
        output.Should().Contain("rc=0\n").And.Contain("rc=1\n");
        JsonElement report = JsonDocument.Parse(output[(output.IndexOf("rc=1\n", StringComparison.Ordinal) + 5)..]).RootElement;
        report.GetProperty("status").GetString().Should().Be("Unhealthy");
        report.GetProperty("description").GetString().Should().Be("Failing: LOG_DIR");
        report.GetProperty("paths").GetProperty("logs").GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString())
            .Should().Contain("CP602");
        report.GetProperty("paths").GetProperty("data").GetProperty("used").GetBoolean().Should().BeFalse();
        Directory.Exists(Path.Combine(sandbox.Upper, "app/data")).Should().BeFalse("health creates nothing");
    }

    [Fact]
    public void Health_never_creates_a_directory_and_never_prints_a_secret()
    {
        using var tree = new TempTree();
        var environment = new Dictionary<string, string>
        {
            ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_MOUNT_CHECK"] = "off", ["DATABASE_URL"] = "postgresql://calls:hunter2@db/calls",
        };

        ProcessResult run = ChildProcess.RunTool(environment, "health");

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardOutput.Should().StartWith("Unhealthy: Failing: AUDIO_DIR, TEMP_DIR, LOG_DIR, DATA_DIR, CONFIG_DIR, CACHE_DIR");
        Directory.Exists(tree["app"]).Should().BeFalse();
    }

    [RootFact("python3")]
    public async Task A_hung_volume_is_unhealthy_within_the_timeout_naming_the_path()
    {
        using var tree = new TempTree();
        foreach (string dir in new[] { "temp", "logs" })
        {
            tree.Dir("app/" + dir);
        }

        using System.Diagnostics.Process listener = ChildProcess.Start(
            ["python3", Path.Combine(AppContext.BaseDirectory, "Support", "hang_opens.py"), tree["app/temp"]], new Dictionary<string, string>());
        try
        {
            string? ready = await listener.StandardOutput.ReadLineAsync();
            ready.Should().Be("ready", "the listener holds every open in TEMP_DIR from now on");
            var clock = System.Diagnostics.Stopwatch.StartNew();

            ProcessResult run = ChildProcess.RunTool(
                new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "temp,logs", ["CALLYTICS_MOUNT_CHECK"] = "off" },
                "health", "--timeout", "1");

            run.ExitCode.Should().Be(1, run.ToString());
            run.StandardOutput.Trim().Should().Be("Unhealthy: The check of TEMP_DIR did not finish within 1 s: the volume may be hung.");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "it ends at its timeout, not when the volume answers");
        }
        finally
        {
            listener.Kill();
            await listener.WaitForExitAsync();
        }
    }

    [RootFact("python3")]
    public async Task A_hung_fuse_volume_ends_health_check_usage_mounts_and_exec_on_time_with_one_answer()
    {
        using var tree = new TempTree();
        tree.Dir("app/temp");
        tree.Dir("app/logs");
        using var otherTree = new TempTree();
        otherTree.Dir("app/temp");
        otherTree.Dir("app/logs");
        using System.Diagnostics.Process server = ChildProcess.Start(
            ["python3", Path.Combine(AppContext.BaseDirectory, "Support", "hang_fuse.py"), tree["app/temp"]], new Dictionary<string, string>());
        try
        {
            (await server.StandardOutput.ReadLineAsync()).Should().Be("ready", "the FUSE server answered INIT, and will answer nothing more");
            var environment = new Dictionary<string, string>
            {
                ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "temp,logs", ["CALLYTICS_MOUNT_CHECK"] = "off", ["CALLYTICS_PATHS_TIMEOUT"] = "2",
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();

            ProcessResult health = ChildProcess.RunTool(environment, "health", "--timeout", "2");
            ProcessResult json = ChildProcess.RunTool(environment, "health", "--timeout", "2", "--json");
            ProcessResult again = ChildProcess.RunTool(environment, "health", "--timeout", "2");
            ProcessResult other = ChildProcess.RunTool(new Dictionary<string, string>(environment) { ["CALLYTICS_ROOT"] = otherTree["app"] }, "health", "--timeout", "2");
            int stuck = Directory.EnumerateDirectories("/proc").Count(p => int.TryParse(Path.GetFileName(p), out _) && Readable(Path.Combine(p, "environ")).Split('\0') is var variables
                && variables.Contains("CALLYTICS_PATHS_CHILD=1") && variables.Contains("CALLYTICS_ROOT=" + tree["app"])
                && Readable(Path.Combine(p, "cmdline")).Split('\0').Contains("health"));
            ProcessResult check = ChildProcess.RunTool(environment, "check");
            ProcessResult usage = ChildProcess.RunTool(environment, "usage");
            ProcessResult mounts = ChildProcess.RunTool(environment, "mounts", "--target", tree["app/temp/x"]);
            ProcessResult exec = ChildProcess.RunTool(environment, "exec", "--", "/bin/true");

            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "each ends at its bound though a thread of its child never returns");
            (health.ExitCode, health.StandardOutput).Should().Be((1, "Unhealthy: The check of TEMP_DIR did not finish within 2 s: the volume may be hung.\n"), health.ToString());
            json.ExitCode.Should().Be(1, json.ToString());
            JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("status").GetString().Should().Be("Unhealthy");
            (again.ExitCode, again.StandardOutput).Should().Match<(int, string)>(r => r.Item1 == 1 && r.Item2.StartsWith("Unhealthy: An earlier health check (process ", StringComparison.Ordinal), again.ToString());
            (other.ExitCode, other.StandardOutput).Should().Match<(int, string)>(r => r.Item1 == 0 && r.Item2.StartsWith("Healthy", StringComparison.Ordinal),
                "another layout's probe (a sidecar sharing the process namespace) is not held by this one's stuck child: " + other);
            stuck.Should().Be(1, "while one probe's child waits on the volume, no probe starts another");
            (check.ExitCode, usage.ExitCode).Should().Be((1, 1), check.ToString() + usage);
            check.StandardError.Should().Contain("check did not finish within 2 s while checking TEMP_DIR").And.Contain("CALLYTICS_PATHS_TIMEOUT");
            usage.StandardError.Should().Contain("usage did not finish within 2 s");
            (mounts.ExitCode, exec.ExitCode).Should().Be((1, 1), mounts.ToString() + exec);
            mounts.StandardError.Should().Contain("mounts did not finish within 2 s");
            exec.StandardError.Should().Contain("exec did not finish within 2 s while checking TEMP_DIR").And.Contain("the command was not run");
        }
        finally
        {
            server.Kill(entireProcessTree: false);
            await server.WaitForExitAsync();
            ChildProcess.Run(["umount", "-l", tree["app/temp"]]);
        }
    }

    [Fact]
    public void A_tiny_timeout_gives_exactly_one_answer_whose_exit_code_matches_it()
    {
        using var tree = new TempTree();
        tree.Dir("app/logs");
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "logs" };

        for (int i = 0; i < 6; i++)
        {
            ProcessResult text = ChildProcess.RunTool(environment, "health", "--timeout", "0.001");
            ProcessResult json = ChildProcess.RunTool(environment, "health", "--timeout", "0.001", "--json");

            text.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(text.ToString());
            (text.ExitCode == 0).Should().Be(text.StandardOutput.StartsWith("Healthy", StringComparison.Ordinal) || text.StandardOutput.StartsWith("Degraded", StringComparison.Ordinal), text.ToString());
            string status = JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("status").GetString()!;
            (json.ExitCode == 1).Should().Be(status == "Unhealthy", json.ToString());
        }
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("2147484")]
    [InlineData("3601")]
    [InlineData("NaN")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("ten")]
    public void A_timeout_out_of_range_is_a_usage_error(string seconds)
    {
        using var tree = new TempTree();
        ProcessResult run = InProcessTool.Run(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] }, tree.Root, "health", "--timeout", seconds);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain($"--timeout {seconds} is not a number of seconds above 0 and at most 3600");
    }

    private static string Readable(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
