using System.Collections.Concurrent;
using System.Diagnostics;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.Reliability;

/// <summary>Processes killed mid-start, and crowds of processes and threads on one layout.</summary>
[LongRunning(20)]
public class CrashAndCrowdTests
{
    [Fact]
    public async Task Services_killed_at_random_points_of_start_up_leave_nothing_that_breaks_the_next_start()
    {
        using var tree = new TempTree();
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] };
        var random = new Random(20261126);
        for (int i = 0; i < 12; i++)
        {
            Process victim = ChildProcess.StartTestHost(environment);
            await Task.Delay(random.Next(0, 400));
            victim.Kill(); // SIGKILL: no cleanup of any kind runs
            await victim.WaitForExitAsync();
            victim.Dispose();
        }

        // A probe abandoned by a killed process (planted, in case no kill landed mid-probe) is removed by the next start.
        Directory.CreateDirectory(tree["app/logs"]);
        string abandoned = tree.WriteFile($"app/logs/{ProbeFile.Prefix}{PidNamespace()}.{DeadPid()}.{Guid.NewGuid():N}");

        ProcessResult next = ChildProcess.RunTestHost(environment);

        next.ExitCode.Should().Be(0, next.ToString());
        File.Exists(abandoned).Should().BeFalse();
        Directory.EnumerateFiles(tree.Root, ProbeFile.Prefix + "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public void Thirty_two_services_starting_at_once_on_one_fresh_layout_all_start()
    {
        using var tree = new TempTree();
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["fresh/app"] };

        Process[] processes = [.. Enumerable.Range(0, 32).Select(_ => ChildProcess.StartTestHost(environment))];
        ProcessResult[] results = [.. processes.Select(p => ChildProcess.Wait(p))];

        results.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.ToString()));
        Directory.EnumerateFiles(tree.Root, ProbeFile.Prefix + "*", SearchOption.AllDirectories).Should().BeEmpty();
        File.GetUnixFileMode(tree["fresh/app/temp"]).Should().Be((UnixFileMode)0x1C0);
    }

    [Fact]
    public void Sixteen_threads_each_creating_and_disposing_a_thousand_sessions_never_share_a_directory()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        Directory.CreateDirectory(paths.TempDir);
        var sessions = new TempSessions(Options.Create(paths));
        var owners = new ConcurrentDictionary<string, int>();
        int shared = 0;

        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, thread =>
        {
            for (int i = 0; i < 1000; i++)
            {
                using TempSession session = sessions.Create();
                if (!owners.TryAdd(session.Id, thread))
                {
                    Interlocked.Increment(ref shared);
                }

                File.WriteAllText(Path.Combine(session.Path, "owner"), thread.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        });

        shared.Should().Be(0);
        owners.Should().HaveCount(16_000);
        Directory.GetFileSystemEntries(paths.TempDir).Should().BeEmpty("every session was deleted on dispose");
    }

    private static string PidNamespace() => new(new FileInfo("/proc/self/ns/pid").LinkTarget!.Where(char.IsAsciiDigit).ToArray());

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
}
