using System.Globalization;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Validation;

public class ProbeFileTests
{
    private static readonly string OurPidNamespace =
        new string(new FileInfo("/proc/self/ns/pid").LinkTarget!.Where(char.IsAsciiDigit).ToArray());

    private static string ProbeName(string pidNamespace, int pid) =>
        string.Create(CultureInfo.InvariantCulture, $"{ProbeFile.Prefix}{pidNamespace}.{pid}.{Guid.NewGuid():N}");

    private static int DeadPid()
    {
        for (int pid = 4_000_000; ; pid--)
        {
            if (!Directory.Exists($"/proc/{pid}"))
            {
                return pid;
            }
        }
    }

    [Fact]
    public void A_probe_leaves_nothing_behind()
    {
        using var tree = new TempTree();
        string dir = tree.Dir("d");

        ProbeFile.Probe(dir).Should().Be(0);

        Directory.GetFileSystemEntries(dir).Should().BeEmpty();
    }

    [Fact]
    public void Probes_left_by_dead_processes_are_removed_and_live_or_foreign_ones_kept()
    {
        using var tree = new TempTree();
        string dir = tree.Dir("d");
        string dead = tree.WriteFile("d/" + ProbeName(OurPidNamespace, DeadPid()));
        string live = tree.WriteFile("d/" + ProbeName(OurPidNamespace, 1));
        string foreignRecent = tree.WriteFile("d/" + ProbeName("4026531999", DeadPid()));
        string foreignOld = tree.WriteFile("d/" + ProbeName("4026531999", DeadPid()));
        File.SetLastWriteTimeUtc(foreignOld, DateTime.UtcNow - ProbeFile.AbandonedAfter - TimeSpan.FromMinutes(1));
        string lookalike = tree.WriteFile("d/" + ProbeFile.Prefix + "notes.txt", "keep me");
        string user = tree.WriteFile("d/session.wav", "keep me");

        ProbeFile.Probe(dir).Should().Be(0);

        File.Exists(dead).Should().BeFalse("its process is gone");
        File.Exists(foreignOld).Should().BeFalse("it is older than any live probe can be");
        File.Exists(live).Should().BeTrue("pid 1 is alive: its probe may be in use");
        File.Exists(foreignRecent).Should().BeTrue("another pid namespace's recent probe may be in use");
        File.ReadAllText(lookalike).Should().Be("keep me");
        File.ReadAllText(user).Should().Be("keep me");
    }

    [Fact]
    public void A_directory_named_like_a_probe_is_never_removed()
    {
        using var tree = new TempTree();
        string dir = tree.Dir("d");
        string looksLikeProbe = tree.Dir("d/" + ProbeName(OurPidNamespace, DeadPid()));

        ProbeFile.Probe(dir).Should().Be(0);

        Directory.Exists(looksLikeProbe).Should().BeTrue();
    }
}
