using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Configuration;

namespace Callytics.Paths.Tests.Validation;

public class StartupWarmUpTests
{
    [Fact]
    public void The_warm_up_creates_writes_and_changes_nothing_and_never_throws()
    {
        using var tree = new TempTree();
        string database = tree.WriteFile("app/data/Callytics_new.sqlite", "SQLite format 3\0");
        tree.Dir("app/audio");
        Dictionary<string, TreeSnapshot.Entry> before = TreeSnapshot.Take(tree.Root); // reads the files: atime is set after
        var accessed = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc); // older than the write: under relatime any read moves it
        File.SetLastAccessTimeUtc(database, accessed);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("CALLYTICS_ROOT", tree["app"]),
            new("DATABASE_URL", $"sqlite:///{tree["app/data/Callytics_new.sqlite"]}"),
            new("CACHE_DIR", "relative/cache"),
            new("LOG_DIR", "/proc/self/no/such"),
        ]).Build();

        StartupWarmUp.Run(configuration);
        StartupWarmUp.Run(new ConfigurationBuilder().AddInMemoryCollection([new("DATABASE_URL", "\u0001://x:y@"), new("CALLYTICS_ROOT", "~")]).Build());

        File.GetLastAccessTimeUtc(database).Should().Be(accessed, "the database is never read");
        TreeSnapshot.Take(tree.Root).Should().BeEquivalentTo(before, "no directory is created, no probe written, the database not touched");
    }

    [Fact]
    public void The_warm_up_sweeps_nothing_even_when_the_sweep_is_enabled()
    {
        using var tree = new TempTree();
        string stale = tree.WriteFile("app/temp/session_old/part.wav", "RIFF");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - TimeSpan.FromDays(30));
        Directory.SetLastWriteTimeUtc(tree["app/temp/session_old"], DateTime.UtcNow - TimeSpan.FromDays(30));
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("CALLYTICS_ROOT", tree["app"]),
            new("CallyticsPaths:SessionSweep:Enabled", "true"),
            new("CallyticsPaths:SessionSweep:MaxAge", "00:00:01"),
        ]).Build();

        StartupWarmUp.Run(configuration);

        File.ReadAllText(stale).Should().Be("RIFF", "only the host's own sweep, after the real validation, may remove a session");
    }

    /// <summary>
    /// Runs the test host under <c>taskset</c> with <paramref name="processors"/> and <c>strace</c>, and tells whether
    /// the warm-up ran: only its probe, refused under <c>/dev/null</c>, opens a path there.
    /// </summary>
    private static bool WarmUpRan(string processors)
    {
        using var tree = new TempTree();
        string trace = tree["trace"];
        ProcessResult host = ChildProcess.Run(
            ["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", trace, "taskset", "-c", processors, ChildProcess.Dotnet, ChildProcess.TestHostDll],
            new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"], ["CALLYTICS_MOUNT_CHECK"] = "off" });

        host.ExitCode.Should().Be(0, host.ToString());
        return File.ReadAllText(trace).Contains("\"/dev/null/" + ProbeFile.Prefix, StringComparison.Ordinal);
    }

    [ToolFact("strace", "taskset")]
    public void With_one_processor_the_warm_up_does_not_run()
    {
        WarmUpRan("0").Should().BeFalse("it would only take turns with the host's thread");
    }

    [ProcessorsFact(2, "strace", "taskset")]
    public void With_two_processors_the_warm_up_runs()
    {
        WarmUpRan("0,1").Should().BeTrue();
    }
}

/// <summary>Alone (no other test runs meanwhile): a meter listener hears every meter in the process.</summary>
[Collection(nameof(Callytics.Paths.Tests.DependencyInjection.ProcessEnvironment))]
public class StartupWarmUpMeterTests
{
    [Fact]
    public void The_warm_up_compiles_the_meter_under_another_name_so_no_listener_of_Callytics_Paths_sees_it()
    {
        using var tree = new TempTree();
        var published = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) => published.Add($"{instrument.Meter.Name}/{instrument.Name}"),
        };
        listener.Start();

        StartupWarmUp.Run(new ConfigurationBuilder().AddInMemoryCollection([new("CALLYTICS_ROOT", tree["app"])]).Build());

        published.Should().Contain("Callytics.Paths.WarmUp/callytics.paths.filesystem.usage", "the meter's code ran")
            .And.NotContain(name => name.StartsWith("Callytics.Paths/", StringComparison.Ordinal));
    }
}
