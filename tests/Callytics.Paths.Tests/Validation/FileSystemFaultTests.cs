using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Validation;

/// <summary>
/// Read-only and full filesystems, made for real: the test host runs inside a private mount namespace
/// (<c>unshare -m</c>) where a tmpfs is mounted read-only, or filled up, over a layout directory.
/// </summary>
public class FileSystemFaultTests
{
    private static ProcessResult RunInNamespace(string setup, Dictionary<string, string> environment) =>
        ChildProcess.Run(["unshare", "-m", "--propagation", "private", "sh", "-ec", setup + "\nexec \"$0\" \"$@\"", .. ChildProcess.TestHost],
            environment);

    [RootFact("unshare", "mount")]
    public void A_read_only_mount_fails_as_read_only_filesystem()
    {
        using var tree = new TempTree();
        string data = tree.Dir("app/data");

        ProcessResult run = RunInNamespace($"mount -t tmpfs -o ro,size=1m tmpfs {data}",
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] });

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("CP203").And.Contain("DATA_DIR").And.Contain("read-only filesystem").And.Contain("drop ':ro'");
    }

    [RootFact("unshare", "mount")]
    public void A_missing_directory_on_a_read_only_mount_cannot_be_created()
    {
        using var tree = new TempTree();
        string app = tree.Dir("app");

        ProcessResult run = RunInNamespace($"mount -t tmpfs -o ro,size=1m tmpfs {app}",
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = app });

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("CP103").And.Contain("read-only filesystem");
    }

    [RootFact("unshare", "mount", "dd")]
    public void A_full_filesystem_fails_as_no_space_left()
    {
        using var tree = new TempTree();
        string logs = tree.Dir("app/logs");

        ProcessResult run = RunInNamespace(
            $"mount -t tmpfs -o size=64k tmpfs {logs}\ndd if=/dev/zero of={logs}/filler bs=4k count=64 2>/dev/null || true",
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] });

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("CP204").And.Contain("LOG_DIR").And.Contain("no space left");
    }
}
