using Callytics.Paths.Tests.Support;
using System.Diagnostics;
using Callytics.Paths.Usage;

namespace Callytics.Paths.Tests.Usage;

public class DiskUsageTests
{
    [Fact]
    public void Counts_apparent_bytes_files_and_directories_like_du()
    {
        using var tree = new TempTree();
        string root = tree.Dir("d");
        tree.WriteFile("d/a", new string('a', 1000));
        tree.WriteFile("d/x/b", new string('b', 24));
        tree.WriteFile("d/x/y/c", string.Empty);
        tree.Dir("d/empty");
        File.CreateSymbolicLink(tree["d/link-to-big"], "/usr/bin/dotnet");
        Directory.CreateSymbolicLink(tree["d/link-dir"], "/usr");

        DiskUsage usage = DiskUsage.Measure(root);

        usage.Should().Be(new DiskUsage(root, 1024, 3, 3, 0));
        ProcessResult du = ChildProcess.Run(["du", "-sb", "--apparent-size", root]);
        long duBytes = long.Parse(du.StandardOutput.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
        (duBytes - usage.Bytes).Should().BeGreaterThan(0, "du also counts directory and link sizes; ours counts regular files only");
    }

    [RootFact("setpriv")]
    public void Unreadable_directories_are_counted_as_skipped_and_the_rest_still_measured()
    {
        using var tree = new TempTree();
        string root = tree.Dir("d");
        tree.WriteFile("d/ok", "12345");
        tree.WriteFile("d/locked/hidden", "xxxxxxxx");
        File.SetUnixFileMode(tree["d/locked"], (UnixFileMode)0x1C0); // 0700 root: uid 65534 cannot list it

        Process process = ChildProcess.StartTestHost(new Dictionary<string, string>(), asNobody: true, tree: tree, arguments: ["usage", root]);
        ProcessResult run = ChildProcess.Wait(process);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Trim().Should().Be("5 1 1 1", "5 bytes in 1 file, 1 directory seen, 1 entry skipped");
    }

    [Fact]
    public void Large_directories_and_names_that_are_not_utf8_are_counted_exactly_as_find_counts_them()
    {
        using var tree = new TempTree();
        string root = tree.Dir("d");
        ChildProcess.Run(["python3", "-c", """
            import os, sys
            root = os.fsencode(sys.argv[1])
            for d in (b"a", b"a/\xff", b"b"):
                os.makedirs(os.path.join(root, d))
            for i in range(5000):
                folder = (b"a", b"a/\xff", b"b")[i % 3]
                with open(os.path.join(root, folder, b"f%d\xfe" % i), "wb") as f: f.write(b"x" * (i % 97))
            """, root]).ExitCode.Should().Be(0);
        ProcessResult find = ChildProcess.Run(["find", root, "-mindepth", "1", "-type", "f", "-printf", "%s\n"]);
        long[] sizes = [.. find.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)];

        DiskUsage usage = DiskUsage.Measure(root);

        usage.Should().Be(new DiskUsage(root, sizes.Sum(), sizes.Length, 3, 0));
    }

    [Fact]
    public void Fifos_and_sockets_are_neither_files_nor_bytes()
    {
        using var tree = new TempTree();
        tree.WriteFile("d/real", "12");
        ChildProcess.Run(["mkfifo", tree["d/pipe"]]).ExitCode.Should().Be(0);
        ChildProcess.Run(["python3", "-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", tree["d/socket"]]).ExitCode.Should().Be(0);

        DiskUsage.Measure(tree["d"]).Should().Be(new DiskUsage(tree["d"], 2, 1, 0, 0));
    }

    [Fact]
    public void A_link_given_as_the_path_is_followed_and_links_below_it_are_not()
    {
        using var tree = new TempTree();
        tree.WriteFile("real/a", "123");
        File.CreateSymbolicLink(tree["real/loop"], tree["real"]);
        File.CreateSymbolicLink(tree["entry"], tree["real"]);

        DiskUsage.Measure(tree["entry"]).Should().Be(new DiskUsage(tree["entry"], 3, 1, 0, 0));
    }

    [Fact]
    public void A_missing_path_is_a_directory_not_found_error()
    {
        FluentActions.Invoking(() => DiskUsage.Measure("/no/such/dir")).Should().Throw<DirectoryNotFoundException>();
    }
}
