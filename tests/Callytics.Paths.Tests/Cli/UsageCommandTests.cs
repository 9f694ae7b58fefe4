using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

public class UsageCommandTests
{
    [Fact]
    public void Usage_counts_equal_the_files_sizes_for_every_role()
    {
        using var tree = new TempTree();
        foreach (string dir in new[] { "audio", "temp", "logs", "data", "config", ".cache" })
        {
            tree.Dir("app/" + dir);
        }

        tree.WriteFile("app/audio/a.wav", new string('a', 3000));
        tree.WriteFile("app/audio/day1/b.wav", new string('b', 17));
        tree.WriteFile("app/logs/service.log", new string('l', 100));
        tree.WriteFile("app/Callytics_new.sqlite", new string('d', 8192));
        File.CreateSymbolicLink(tree["app/data/link"], "/usr/bin/dotnet");

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] }, "usage", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        JsonElement paths = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths");
        paths.EnumerateObject().Select(p => p.Name).Should().Equal("audio", "temp", "logs", "data", "config", "cache", "database");
        Entry(paths, "audio").Should().Be((3017L, 2L, 1L));
        Entry(paths, "logs").Should().Be((100L, 1L, 0L));
        Entry(paths, "data").Should().Be((0L, 0L, 0L), "a link is neither counted nor followed");
        Entry(paths, "database").Should().Be((8192L, 1L, 0L));
        JsonElement audio = paths.GetProperty("audio");
        audio.GetProperty("path").GetString().Should().Be(tree["app/audio"]);
        audio.GetProperty("freeBytes").GetInt64().Should().BePositive();
        audio.GetProperty("totalBytes").GetInt64().Should().BeGreaterThan(audio.GetProperty("freeBytes").GetInt64());
    }

    [Fact]
    public void A_missing_path_is_reported_and_the_exit_code_says_so()
    {
        using var tree = new TempTree();

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["nothing"] }, "usage");

        run.ExitCode.Should().Be(1);
        run.StandardOutput.Should().Contain("✗ missing").And.Contain("SIZE");
    }

    [Fact]
    public void A_file_or_a_dangling_link_at_or_above_where_a_directory_belongs_is_named_for_what_it_is()
    {
        using var tree = new TempTree();
        tree.WriteFile("app/logs", "a file");
        File.CreateSymbolicLink(tree["app/temp"], tree["nowhere"]);
        File.CreateSymbolicLink(tree["app/media"], tree["gone"]);
        var environment = new Dictionary<string, string>
        {
            ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "audio,temp,logs", ["AUDIO_DIR"] = tree["app/media/audio"],
        };

        ProcessResult run = ChildProcess.RunTool(environment, "usage", "--json");

        JsonElement paths = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths");
        paths.GetProperty("logs").GetProperty("error").GetString().Should().Be("not a directory: a regular file");
        paths.GetProperty("temp").GetProperty("error").GetString().Should().Be($"a dangling symbolic link to {tree["nowhere"]}");
        paths.GetProperty("audio").GetProperty("error").GetString().Should().Be($"missing: {tree["app/media"]} is a dangling symbolic link to {tree["gone"]}");
    }

    private static (long Bytes, long Files, long Directories) Entry(JsonElement paths, string role)
    {
        JsonElement entry = paths.GetProperty(role);
        return (entry.GetProperty("bytes").GetInt64(), entry.GetProperty("files").GetInt64(), entry.GetProperty("directories").GetInt64());
    }

    [Fact]
    public void Usage_measures_only_the_roles_the_service_uses()
    {
        using var tree = new TempTree();
        tree.Dir("app/logs");
        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_ROLES"] = "logs" }, "usage", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Should().Equal("logs");
    }

    /// <summary>Usage through a tree <see cref="DeepTree.Levels"/> deep, the one chain the deep-tree tests share.</summary>
    [Collection(DeepTree.Collection)]
    public class In_a_tree_20000_levels_deep(DeepTree deepTree)
    {
        [Fact]
        public void Usage_measures_to_the_depth_limit_and_counts_the_rest_as_skipped_without_crashing()
        {
            using var tree = new TempTree();
            foreach (string dir in new[] { "audio", "temp", "logs", "config", ".cache" })
            {
                tree.Dir("app/" + dir);
            }

            using IDisposable chain = deepTree.Lend(tree["app/data"]);

            ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] }, "usage", "--json");

            run.ExitCode.Should().Be(0, run.ToString());
            JsonElement data = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths").GetProperty("data");
            data.GetProperty("directories").GetInt64().Should().Be(513, "512 levels are entered, and the directory below them is seen but not entered");
            data.GetProperty("skipped").GetInt64().Should().Be(1);
        }
    }
}
