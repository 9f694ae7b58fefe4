using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

public class SessionsCommandTests
{
    private static void Age(string path, TimeSpan age) => Syscalls.SetTreeTime(path, DateTimeOffset.UtcNow - age);

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
        run.StandardError.Should().Contain($"TEMP_DIR {tree["app/data"]} is DATA_DIR {tree["app/data"]}: refusing to sweep")
            .And.NotContain("reached by another path", "the same name is not another path");
        Directory.Exists(tree["app/data/session_x"]).Should().BeTrue();
    }

    [Fact]
    public void A_temp_dir_inside_the_data_dir_is_refused_before_it_exists_not_swept_as_empty()
    {
        // Issue #33: TEMP_DIR=$DATA_DIR/tmp, not yet created, was "Removed 0 sessions" and exit 0.
        using var tree = new TempTree();
        tree.Dir("app/data");

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["TEMP_DIR"] = tree["app/data/tmp"] },
            "sessions", "sweep", "--older-than", "0s");

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain($"TEMP_DIR {tree["app/data/tmp"]} lies inside DATA_DIR {tree["app/data"]}: refusing to sweep");
        run.StandardOutput.Should().NotContain("Removed");
    }

    [RootFact("unshare", "mount")]
    public void Sweep_never_reaches_into_a_filesystem_mounted_inside_a_stale_session_and_reports_it_as_left_alone()
    {
        using var tree = new TempTree();
        string other = tree.WriteFile("other/precious.db", "precious");
        tree.WriteFile("app/temp/session_x/a.wav", "audio");
        tree.Dir("app/temp/session_x/mnt");
        Age(tree["app/temp/session_x"], TimeSpan.FromDays(2));
        Age(tree["other"], TimeSpan.FromDays(2)); // the mount point shows the mounted folder's time
        string script = $"mount --bind '{tree["other"]}' '{tree["app/temp/session_x/mnt"]}' && exec '{ChildProcess.Dotnet}' '{ChildProcess.ToolDll}' sessions sweep --json";

        ProcessResult run = ChildProcess.Run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] });

        run.ExitCode.Should().Be(0, run.ToString());
        JsonElement result = JsonDocument.Parse(run.StandardOutput).RootElement;
        result.GetProperty("removed").GetInt32().Should().Be(0);
        result.GetProperty("bytesFreed").GetInt64().Should().Be(0);
        JsonElement skipped = result.GetProperty("skippedSessions").EnumerateArray().Should().ContainSingle().Subject;
        skipped.GetProperty("path").GetString().Should().Be(tree["app/temp/session_x"]);
        skipped.GetProperty("reason").GetString().Should().Contain("holds a mount point");
        File.ReadAllText(other).Should().Be("precious");
        File.Exists(tree["app/temp/session_x/a.wav"]).Should().BeTrue("a session holding a mount is left whole");
    }

    [RootFact("setpriv")]
    public void A_removal_that_stops_part_way_is_not_counted_as_removed_and_frees_only_what_went()
    {
        using var tree = new TempTree();
        tree.Dir("app/temp", 0x1C0);
        tree.WriteFile("app/temp/session_x/a.wav", new string('x', 300));
        tree.WriteFile("app/temp/session_x/rootdir/locked.wav", new string('y', 700));
        Age(tree["app/temp/session_x"], TimeSpan.FromDays(2));
        foreach (string owned in new[] { "app", "app/temp", "app/temp/session_x", "app/temp/session_x/a.wav" })
        {
            tree.Chown(owned, Machine.Nobody);
        }

        ProcessResult run = ChildProcess.Run(
            [.. ChildProcess.AsNobody(ChildProcess.Dotnet, Reachable.File(ChildProcess.ToolDll, tree)), "sessions", "sweep", "--json"],
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["DOTNET_CLI_HOME"] = "/tmp" });

        run.ExitCode.Should().Be(0, run.ToString());
        JsonElement result = JsonDocument.Parse(run.StandardOutput).RootElement;
        result.GetProperty("removed").GetInt32().Should().Be(0);
        result.GetProperty("bytesFreed").GetInt64().Should().Be(300, "the one file that went");
        JsonElement skipped = result.GetProperty("skippedSessions").EnumerateArray().Should().ContainSingle().Subject;
        skipped.GetProperty("reason").GetString().Should().Contain("stopped part-way").And.Contain("permission denied");
        skipped.GetProperty("bytesFreed").GetInt64().Should().Be(300);
        File.Exists(tree["app/temp/session_x/rootdir/locked.wav"]).Should().BeTrue();
    }

    [Fact]
    public void Session_names_with_a_newline_or_bytes_that_are_not_utf8_neither_forge_lines_nor_lose_their_bytes()
    {
        using var tree = new TempTree();
        tree.Dir("app/temp");
        ChildProcess.Run(["bash", "-c", $"cd '{tree["app/temp"]}' && mkdir $'session_x\\nremoved session_y (1 GiB)' $'session_\\xff\\xfe' && touch -d @1000000000 session_*"])
            .ExitCode.Should().Be(0);
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] };

        ProcessResult text = ChildProcess.RunTool(environment, "sessions", "sweep", "--dry-run");
        ProcessResult json = ChildProcess.RunTool(environment, "sessions", "sweep", "--dry-run", "--json");

        text.ExitCode.Should().Be(0, text.ToString());
        string[] lines = text.StandardOutput.TrimEnd().Split('\n');
        lines.Should().HaveCount(3, "one line a session and the summary: " + text.StandardOutput);
        lines.Should().Contain($"would remove {tree["app/temp"]}/session_x\\nremoved session_y (1 GiB) (0B, idle since 2001-09-09 01:46:40Z)");
        lines.Should().Contain(l => l.StartsWith($"would remove {tree["app/temp"]}/session_\\xff\\xfe ", StringComparison.Ordinal));
        JsonElement[] sessions = [.. JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("sessions").EnumerateArray()];
        JsonElement binary = sessions.Single(s => s.TryGetProperty("pathBytes", out _));
        Convert.FromBase64String(binary.GetProperty("pathBytes").GetString()!).Should().Equal(
            [.. System.Text.Encoding.UTF8.GetBytes(tree["app/temp"] + "/session_"), 0xff, 0xfe]);
        sessions.Single(s => !s.TryGetProperty("pathBytes", out _)).GetProperty("path").GetString().Should().EndWith("session_x\nremoved session_y (1 GiB)");
    }

    [RootFact("unshare", "mount")]
    public void Sweep_refuses_a_temp_dir_that_is_the_data_dir_reached_through_a_second_mount()
    {
        using var tree = new TempTree();
        string kept = tree.WriteFile("app/data/session_2024/report.json", "kept");
        Age(tree["app/data"], TimeSpan.FromDays(30));
        tree.Dir("app/temp");
        string script = $"mount --bind '{tree["app/data"]}' '{tree["app/temp"]}' && exec '{ChildProcess.Dotnet}' '{ChildProcess.ToolDll}' sessions sweep --older-than 1h";

        ProcessResult run = ChildProcess.Run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] });

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain($"TEMP_DIR {tree["app/temp"]} is DATA_DIR {tree["app/data"]} (the same directory, reached by another path)");
        File.ReadAllText(kept).Should().Be("kept");
    }

    [Fact]
    public void Sweep_exits_1_saying_why_for_a_service_without_the_temp_role()
    {
        using var tree = new TempTree();
        tree.Dir("app/temp/session_x");

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "logs" },
            "sessions", "sweep", "--older-than", "0s");

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("does not use the temp role (CALLYTICS_ROLES=logs)");
        Directory.Exists(tree["app/temp/session_x"]).Should().BeTrue();
    }
}
