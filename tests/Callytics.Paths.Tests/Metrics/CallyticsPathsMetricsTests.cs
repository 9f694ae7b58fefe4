extern alias library;

using System.Diagnostics.Metrics;
using library::Callytics.Paths.Interop;
using Callytics.Paths.Health;
using Callytics.Paths.Metrics;
using Callytics.Paths.Status;
using Callytics.Paths.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Callytics.Paths.Tests.Metrics;

public sealed class CallyticsPathsMetricsTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private ServiceProvider Services(PathRoles roles = PathRoles.All)
    {
        foreach (string dir in new[] { "app/audio", "app/temp", "app/logs", "app/data", "app/config", "app/.cache" })
        {
            _tree.Dir(dir);
        }

        CallyticsPaths layout = _tree.Layout();
        return new ServiceCollection()
            .AddLogging()
            .AddCallyticsPaths(p =>
            {
                (p.AudioDir, p.TempDir, p.LogDir, p.DataDir, p.ConfigDir, p.CacheDir, p.DatabaseUrl) =
                    (layout.AudioDir, layout.TempDir, layout.LogDir, layout.DataDir, layout.ConfigDir, layout.CacheDir, layout.DatabaseUrl);
                p.MountCheck = Callytics.Paths.Mounts.MountCheckMode.Off;
                p.CheckContainerLayer = false; // this machine may be a container: its own layer is not these tests' subject
                p.Roles = roles;
            })
            .BuildServiceProvider();
    }

    /// <summary>Collects the observable instruments until the refresh the first collection started has landed.</summary>
    private static void CollectAfterRefresh<T>(ServiceProvider services, MetricCollector<T> collector)
        where T : struct
    {
        var monitor = services.GetRequiredService<LayoutMonitor>();
        collector.RecordObservableInstruments();
        SpinWait.SpinUntil(() => monitor.HasReading, TimeSpan.FromSeconds(10)).Should().BeTrue("the reading lands");
        collector.Clear();
        collector.RecordObservableInstruments();
    }

    [Fact]
    public void Usage_and_limit_match_statvfs_of_each_used_roles_path()
    {
        using ServiceProvider services = Services();
        var metrics = services.GetRequiredService<CallyticsPathsMetrics>();
        IMeterFactory meters = services.GetRequiredService<IMeterFactory>();
        using var usage = new MetricCollector<long>(meters, CallyticsPathsMetrics.MeterName, "callytics.paths.filesystem.usage");
        using var limit = new MetricCollector<long>(meters, CallyticsPathsMetrics.MeterName, "callytics.paths.filesystem.limit");

        CollectAfterRefresh(services, usage);
        limit.RecordObservableInstruments();
        Libc.StatVfs(_tree["app/temp"], out StatVfsBuffer vfs).Should().Be(0);

        long Value(MetricCollector<long> collector, string role, string? state) => collector.GetMeasurementSnapshot()
            .Single(m => (string?)m.Tags["callytics.path.role"] == role && (state is null || (string?)m.Tags["system.filesystem.state"] == state)).Value;
        Value(limit, "temp", null).Should().Be((long)(vfs.Blocks * vfs.FragmentSize));
        Value(usage, "temp", "free").Should().BeCloseTo((long)(vfs.BlocksAvailable * vfs.FragmentSize), 64 * 1024 * 1024, "within what changed in between");
        Value(usage, "temp", "used").Should().BeCloseTo((long)((vfs.Blocks - vfs.BlocksFree) * vfs.FragmentSize), 64 * 1024 * 1024);
        Value(usage, "temp", "reserved").Should().BeGreaterThanOrEqualTo(0);
        usage.GetMeasurementSnapshot().Select(m => (string?)m.Tags["callytics.path.role"]).Distinct()
            .Should().BeEquivalentTo(["audio", "temp", "logs", "data", "config", "cache", "database"]);
        CollectedMeasurement<long> one = usage.GetMeasurementSnapshot()[0];
        one.Tags.Keys.Should().BeEquivalentTo(["callytics.path.role", "system.filesystem.state", "system.filesystem.mountpoint", "system.filesystem.type", "system.filesystem.mode"]);
        ((string?)one.Tags["system.filesystem.mode"]).Should().Be("rw");
    }

    [Fact]
    public void The_first_collection_after_start_reports_every_used_role_from_the_start_up_validation()
    {
        using ServiceProvider services = Services();
        _ = services.GetRequiredService<IOptions<CallyticsPaths>>().Value; // the start-up validation, as the host runs it
        var metrics = services.GetRequiredService<CallyticsPathsMetrics>();
        IMeterFactory meters = services.GetRequiredService<IMeterFactory>();
        using var usage = new MetricCollector<long>(meters, CallyticsPathsMetrics.MeterName, "callytics.paths.filesystem.usage");
        using var usable = new MetricCollector<int>(meters, CallyticsPathsMetrics.MeterName, "callytics.paths.path.usable");

        usage.RecordObservableInstruments();
        usable.RecordObservableInstruments();

        string[] roles = ["audio", "temp", "logs", "data", "config", "cache", "database"];
        usage.GetMeasurementSnapshot().Select(m => (string?)m.Tags["callytics.path.role"]).Distinct().Should().BeEquivalentTo(roles, "no scrape waits for a refresh");
        usable.GetMeasurementSnapshot().Should().HaveCount(7).And.OnlyContain(m => m.Value == 1);
        metrics.Readings().Should().HaveCount(7);
    }

    [Fact]
    public void Unused_roles_report_nothing()
    {
        using ServiceProvider services = Services(PathRoles.Temp | PathRoles.Logs);
        var metrics = services.GetRequiredService<CallyticsPathsMetrics>();
        using var usable = new MetricCollector<int>(services.GetRequiredService<IMeterFactory>(), CallyticsPathsMetrics.MeterName, "callytics.paths.path.usable");

        CollectAfterRefresh(services, usable);

        usable.GetMeasurementSnapshot().Select(m => ((string?)m.Tags["callytics.path.role"], m.Value)).Should().BeEquivalentTo([("temp", 1), ("logs", 1)]);
    }

    [Fact]
    public void A_path_that_is_not_a_usable_directory_reports_0()
    {
        using ServiceProvider services = Services(PathRoles.Temp | PathRoles.Logs);
        _ = services.GetRequiredService<IOptions<CallyticsPaths>>().Value; // started: the layout was valid then
        Directory.Delete(_tree["app/logs"]);
        _tree.WriteFile("app/logs", "a file where a directory belongs");
        var metrics = services.GetRequiredService<CallyticsPathsMetrics>();
        using var usable = new MetricCollector<int>(services.GetRequiredService<IMeterFactory>(), CallyticsPathsMetrics.MeterName, "callytics.paths.path.usable");

        CollectAfterRefresh(services, usable);

        usable.GetMeasurementSnapshot().Single(m => (string?)m.Tags["callytics.path.role"] == "logs").Value.Should().Be(0);
        usable.GetMeasurementSnapshot().Single(m => (string?)m.Tags["callytics.path.role"] == "temp").Value.Should().Be(1);
    }

    [Fact]
    public void Session_counters_move_with_create_dispose_and_a_sweep()
    {
        using ServiceProvider services = Services(PathRoles.Temp);
        IMeterFactory meters = services.GetRequiredService<IMeterFactory>();
        using var active = new MetricCollector<long>(meters, CallyticsPathsMetrics.MeterName, "callytics.paths.sessions.active");
        using var created = new MetricCollector<long>(meters, CallyticsPathsMetrics.MeterName, "callytics.paths.sessions.created");
        using var removed = new MetricCollector<long>(meters, CallyticsPathsMetrics.MeterName, "callytics.paths.sweep.removed");
        using var freed = new MetricCollector<long>(meters, CallyticsPathsMetrics.MeterName, "callytics.paths.sweep.freed");
        var sessions = services.GetRequiredService<ITempSessions>();

        TempSession first = sessions.Create();
        TempSession stale = sessions.Create();
        File.WriteAllBytes(Path.Combine(stale.Path, "part.wav"), new byte[3000]);
        DateTime old = DateTime.UtcNow.AddDays(-2);
        File.SetLastWriteTimeUtc(Path.Combine(stale.Path, "part.wav"), old);
        Directory.SetLastWriteTimeUtc(stale.Path, old);
        first.Dispose();
        TempSessionSweepResult sweep = sessions.Sweep(TimeSpan.FromDays(1));

        created.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(2);
        active.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(1, "one created and disposed, one swept but never disposed");
        removed.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(sweep.Sessions.Count).And.Be(1);
        freed.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(sweep.BytesFreed).And.BeGreaterThanOrEqualTo(3000);
    }

    [Fact]
    public void Nothing_is_measured_until_a_listener_collects()
    {
        int measured = 0;
        using ServiceProvider services = Services();
        var paths = services.GetRequiredService<IOptions<CallyticsPaths>>();
        var baseline = new LayoutBaseline();
        var monitor = new LayoutMonitor(paths, baseline, null, null, (layout, checking) =>
        {
            Interlocked.Increment(ref measured);
            return LayoutSnapshot.Take(layout, baseline, DateTimeOffset.UtcNow, checking);
        });
        using var metrics = new CallyticsPathsMetrics(services.GetRequiredService<IMeterFactory>(), monitor);

        metrics.SessionCreated();
        Thread.Sleep(200);

        measured.Should().Be(0);
        metrics.Readings();
        SpinWait.SpinUntil(() => Volatile.Read(ref measured) == 1, TimeSpan.FromSeconds(10)).Should().BeTrue();
    }

    [Fact]
    public void A_refresh_that_hangs_blocks_no_collection_starts_no_second_refresh_and_is_logged_once()
    {
        using var release = new ManualResetEventSlim();
        int refreshes = 0;
        var time = new FakeTimeProvider();
        var logs = new ListLoggerProvider();
        using ServiceProvider services = Services(PathRoles.Temp);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var baseline = new LayoutBaseline();
        var monitor = new LayoutMonitor(services.GetRequiredService<IOptions<CallyticsPaths>>(), baseline, time, loggers, (layout, checking) =>
        {
            Interlocked.Increment(ref refreshes);
            checking("TEMP_DIR");
            release.Wait(TimeSpan.FromSeconds(30)); // statvfs on a dead NFS server
            return LayoutSnapshot.Take(layout, baseline, time.GetUtcNow(), checking);
        });
        using var metrics = new CallyticsPathsMetrics(services.GetRequiredService<IMeterFactory>(), monitor);
        using var usage = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), CallyticsPathsMetrics.MeterName, "callytics.paths.filesystem.usage");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        usage.RecordObservableInstruments();
        SpinWait.SpinUntil(() => monitor.Checking == "TEMP_DIR", TimeSpan.FromSeconds(10)).Should().BeTrue("the reading started and hangs");
        for (int i = 0; i < 5; i++)
        {
            usage.RecordObservableInstruments();
            time.Advance(TimeSpan.FromSeconds(4));
        }

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "collections report the last readings and return");
        usage.GetMeasurementSnapshot().Should().BeEmpty("no reading has landed yet");
        refreshes.Should().Be(1);
        logs.Lines.Where(l => l.Message.Contains("has not returned", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Message.Should().Contain("TEMP_DIR", "the log names the path the reading hangs on");

        release.Set();
        SpinWait.SpinUntil(() => metrics.Readings().Count > 0, TimeSpan.FromSeconds(10)).Should().BeTrue();
        usage.RecordObservableInstruments();
        usage.GetMeasurementSnapshot().Should().NotBeEmpty();
    }
}
