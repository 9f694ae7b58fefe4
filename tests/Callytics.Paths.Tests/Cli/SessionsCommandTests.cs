using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

public class SessionsCommandTests
{
    private static void Age(string path, TimeSpan age)
    {
        long seconds = DateTimeOffset.UtcNow.Add(-age).ToUnixTimeSeconds();
        string[] entries = [.. Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories), path];
        ChildProcess.Run(["touch", "-h", "-d", $"@{seconds}", .. entries]).ExitCode.Should().Be(0);
    }

    [Fact]
    public void Sweep_removes_only_stale_sessions_never_following_links_and_dry_run_removes_nothing()
    {
        using var tree = new TempTree();
        string victim = tree.WriteFile("victim/keep.db", "precious");
        tree.WriteFile("app/temp/session_old/a.wav", new string('x', 500));
        Directory.CreateSymbolicLink(tree["app/temp/session_old/out"], tree["victim"]);
        Age(tree["app/temp/session_old"], TimeSpan.FromDays(2));
        tree.WriteFile("app/temp/session_new/b.wav", "y");
        Directory.CreateSymbolicLink(tree["app/temp/session_link"], tree["victim"]);
        Age(tree["victim"], TimeSpan.FromDays(5));
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] };

        ProcessResult dry = ChildProcess.RunTool(environment, "sessions", "sweep", "--dry-run", "--json");
        dry.ExitCode.Should().Be(0, dry.ToString());
        JsonElement planned = JsonDocument.Parse(dry.StandardOutput).RootElement;
        planned.GetProperty("dryRun").GetBoolean().Should().BeTrue();
        planned.GetProperty("bytesFreed").GetInt64().Should().Be(500);
        planned.GetProperty("skipped").GetInt32().Should().Be(1);
        Directory.Exists(tree["app/temp/session_old"]).Should().BeTrue();

        ProcessResult run = ChildProcess.RunTool(environment, "sessions", "sweep", "--older-than", "24h");
        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().Contain("removed " + tree["app/temp/session_old"]).And.Contain("Removed 1 session");
        Directory.Exists(tree["app/temp/session_old"]).Should().BeFalse();
        Directory.Exists(tree["app/temp/session_new"]).Should().BeTrue();
        File.ReadAllText(victim).Should().Be("precious");
        new DirectoryInfo(tree["app/temp/session_link"]).LinkTarget.Should().Be(tree["victim"]);
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("-5h")]
    [InlineData("5w")]
    public void A_bad_duration_is_a_usage_error(string duration)
    {
        ChildProcess.RunTool(new Dictionary<string, string>(), "sessions", "sweep", "--older-than", duration).ExitCode.Should().Be(2);
    }

    [Fact]
    public void An_unsafe_temp_dir_is_refused_with_exit_1()
    {
        using var tree = new TempTree();
        tree.Dir("app/data/session_x");

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["TEMP_DIR"] = tree["app/data"] },
            "sessions", "sweep", "--older-than", "0s");

        run.ExitCode.Should().Be(1);
        run.StandardError.Should().Contain("refusing to sweep");
        Directory.Exists(tree["app/data/session_x"]).Should().BeTrue();
    }
}
