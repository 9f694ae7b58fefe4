using System.Text.Json;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

public class MountsCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "mountinfo", name);

    [Fact]
    public void Saved_tables_answer_in_the_order_given_with_escapes_stacks_and_the_root_mount()
    {
        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string>(), "mounts", "--mountinfo", Fixture("08-escapes-and-stacks.mountinfo"),
            "--target", "/mnt/with space/file", "--target", "/stack/x", "--target", "/database", "--target", "/hidden/below/f", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        JsonElement[] targets = [.. JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("targets").EnumerateArray()];
        targets.Select(t => t.GetProperty("target").GetString()).Should().Equal("/mnt/with space/file", "/stack/x", "/database", "/hidden/below/f");
        targets.Select(t => t.GetProperty("mountPoint").GetString()).Should().Equal("/mnt/with space", "/stack", "/", "/hidden");
        targets[1].GetProperty("source").GetString().Should().Be("third");
        targets[2].GetProperty("fsType").GetString().Should().Be("ext4");
        targets[2].GetProperty("readOnly").GetBoolean().Should().BeFalse();
        targets[0].EnumerateObject().Select(p => p.Name).Should().Equal("target", "mountPoint", "fsType", "source", "readOnly");
    }

    [Fact]
    public void A_named_pipe_given_as_the_table_is_refused_at_once_without_waiting_for_a_writer()
    {
        using var tree = new TempTree();
        ChildProcess.Run(["mkfifo", tree["table"]]).ExitCode.Should().Be(0);

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string>(), "mounts", "--mountinfo", tree["table"]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("is a named pipe, not a regular file");
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/", "is a directory, not a regular file")]
    public void An_endless_or_unreadable_kind_of_file_is_refused_unread(string path, string reason)
    {
        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string>(), "mounts", "--mountinfo", path);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain(reason);
    }

    [Fact]
    public void A_table_larger_than_64_MiB_is_refused_without_being_read()
    {
        using var tree = new TempTree();
        using (FileStream sparse = File.Create(tree["huge"]))
        {
            sparse.SetLength(64L * 1024 * 1024 + 1);
        }

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string>(), "mounts", "--mountinfo", tree["huge"]);

        run.ExitCode.Should().Be(2, run.ToString());
        run.StandardError.Should().Contain("holds 67108865 bytes, more than the 67108864 a mount table may have");
    }

    [Fact]
    public void A_saved_table_resolves_nothing_on_this_machine()
    {
        using var tree = new TempTree();
        Directory.CreateSymbolicLink(tree["to-output"], "/output");

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string>(), "mounts", "--mountinfo",
            Fixture("04-podman-named-volume-and-host-bind.mountinfo"), "--target", tree["to-output/x"], "--target", "/output/disk.qcow2");

        run.ExitCode.Should().Be(0, run.ToString());
        string[] lines = run.StandardOutput.Split('\n');
        lines[0].Should().StartWith("TARGET").And.Contain("MOUNT POINT").And.Contain("FSTYPE").And.Contain("SOURCE").And.Contain("RO");
        lines.Should().Contain(l => l.StartsWith(tree["to-output/x"], StringComparison.Ordinal) && l.Contains(" overlay "), "the link on this machine is not followed into the saved table");
        lines.Should().Contain(l => l.StartsWith("/output/disk.qcow2", StringComparison.Ordinal) && l.Contains("/dev/nvme0n1p2"));
    }

    [Fact]
    public void The_default_targets_are_the_configured_paths_on_the_live_table()
    {
        using var tree = new TempTree();

        ProcessResult run = ChildProcess.RunTool(new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["TEMP_DIR"] = "/dev/shm/t" }, "mounts", "--json");

        run.ExitCode.Should().Be(0, run.ToString());
        JsonElement[] targets = [.. JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("targets").EnumerateArray()];
        targets.Should().HaveCount(7);
        targets[1].GetProperty("target").GetString().Should().Be("/dev/shm/t");
        targets[1].GetProperty("mountPoint").GetString().Should().Be("/dev/shm");
        targets[1].GetProperty("fsType").GetString().Should().Be("tmpfs");
    }

    [Fact]
    public void An_unreadable_or_malformed_table_is_a_usage_error()
    {
        using var tree = new TempTree();
        string bad = tree.WriteFile("bad.mountinfo", "this is not a mount table\n");

        ProcessResult missing = ChildProcess.RunTool(new Dictionary<string, string>(), "mounts", "--mountinfo", tree["none"], "--json");
        ProcessResult malformed = ChildProcess.RunTool(new Dictionary<string, string>(), "mounts", "--mountinfo", bad);

        missing.ExitCode.Should().Be(2);
        JsonDocument.Parse(missing.StandardOutput).RootElement.GetProperty("error").GetString().Should().Contain("cannot read the mount table");
        malformed.ExitCode.Should().Be(2);
        malformed.StandardError.Should().Contain("line 1");
    }
}
