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
    public void A_thread_probes_under_one_name_of_the_probe_shape_that_no_other_process_or_thread_uses()
    {
        string mine = ProbeFile.ThreadName;
        string other = string.Empty;
        var thread = new Thread(() => other = ProbeFile.ThreadName);
        thread.Start();
        thread.Join();

        ProbeFile.ThreadName.Should().BeSameAs(mine);
        mine.Should().MatchRegex($@"^\.callytics-probe\.{OurPidNamespace}\.{Environment.ProcessId}\.[0-9a-f]{{32}}$");
        other.Should().NotBe(mine);
        other[..^16].Should().Be(mine[..^16], "the first half is the process's, the second the thread's");
    }

    [Fact]
    public void A_probe_whose_name_is_taken_proves_the_directory_under_another_and_leaves_the_taken_one_alone()
    {
        using var tree = new TempTree();
        string dir = tree.Dir("d");
        string taken = tree.WriteFile("d/" + ProbeFile.ThreadName, "left by an earlier probe that could not be deleted");

        ProbeFile.Probe(dir).Should().Be(0);

        Directory.GetFileSystemEntries(dir).Should().Equal(taken);
        File.ReadAllText(taken).Should().Be("left by an earlier probe that could not be deleted");
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

    [Theory]
    [InlineData(".callytics-probe.backup.2024.release-notes-and-todo-list-2024")]
    [InlineData(".callytics-probe.4026531836.-7.0123456789abcdef0123456789abcdef")]
    [InlineData(".callytics-probe.4026531836.+7.0123456789abcdef0123456789abcdef")]
    [InlineData(".callytics-probe.4026531836. 7.0123456789abcdef0123456789abcdef")]
    [InlineData(".callytics-probe.4026531836.0.0123456789abcdef0123456789abcdef")]
    [InlineData(".callytics-probe.-4026531836.7.0123456789abcdef0123456789abcdef")]
    [InlineData(".callytics-probe.4026531836.7.0123456789ABCDEF0123456789abcdef")]
    [InlineData(".callytics-probe.4026531836.7.0123456789abcdef0123456789abcdeg")]
    [InlineData(".callytics-probe.4026531836.7.0123456789abcdef0123456789abcde")]
    public void A_name_not_exactly_of_the_probe_shape_is_never_removed_however_old(string name)
    {
        using var tree = new TempTree();
        string dir = tree.Dir("d");
        string file = tree.WriteFile("d/" + name);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow - TimeSpan.FromDays(400));

        ProbeFile.Parse(name).Should().BeNull();
        ProbeFile.Probe(dir).Should().Be(0);

        File.Exists(file).Should().BeTrue();
    }

    [Fact]
    public void A_file_of_the_probe_shape_holding_more_than_a_byte_is_not_a_probe_and_is_kept()
    {
        using var tree = new TempTree();
        string dir = tree.Dir("d");
        string notes = tree.WriteFile("d/" + ProbeName(OurPidNamespace, DeadPid()), "not a probe: two bytes or more");

        ProbeFile.Probe(dir).Should().Be(0);

        File.ReadAllText(notes).Should().Be("not a probe: two bytes or more");
    }

    [RootFact]
    public void A_probe_shaped_file_owned_by_another_user_is_kept()
    {
        using var tree = new TempTree();
        string dir = tree.Dir("d");
        string name = ProbeName(OurPidNamespace, DeadPid());
        tree.WriteFile("d/" + name);
        tree.Chown("d/" + name, Machine.Nobody);

        ProbeFile.Probe(dir).Should().Be(0);

        File.Exists(Path.Combine(dir, name)).Should().BeTrue("only this user's probes are this process's to clean");
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

    [Fact]
    public void Warming_up_writes_and_deletes_nothing_and_leaves_abandoned_probes_to_the_first_real_probe()
    {
        using var tree = new TempTree();
        string dir = tree.Dir("d");
        string dead = tree.WriteFile("d/" + ProbeName(OurPidNamespace, DeadPid()));
        Dictionary<string, TreeSnapshot.Entry> before = TreeSnapshot.Take(tree.Root);

        ProbeFile.WarmUp(dir);

        TreeSnapshot.Take(tree.Root).Should().BeEquivalentTo(before, "nothing is created or deleted: the directory's mtime has not moved");
        ProbeFile.Probe(dir).Should().Be(0);
        File.Exists(dead).Should().BeFalse("the directory's first real probe still looks for abandoned probes");
    }
}
