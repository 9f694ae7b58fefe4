using Callytics.Paths.Health;
using Callytics.Paths.Metrics;
using Callytics.Paths.Reporting;
using Callytics.Paths.Status;
using Callytics.Paths.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.Status;

/// <summary>One periodic reading of the layout, read by the health check, the metrics and the status report alike.</summary>
public class LayoutMonitorTests
{
    private static ServiceProvider Services(TempTree tree) =>
        new ServiceCollection()
            .AddLogging()
            .AddCallyticsPaths(new ConfigurationBuilder().AddInMemoryCollection([
                new("CALLYTICS_MOUNT_CHECK", "off"), new("CALLYTICS_LAYER_CHECK", "off"), new("CALLYTICS_ROOT", tree["app"]),
                new("DATABASE_URL", "sqlite:///" + tree["app/data/Callytics_new.sqlite"]),
            ]).Build())
            .AddHealthChecks().AddCallyticsPaths(configure: o => (o.FreeSpace.DegradedBytes, o.FreeSpace.DegradedRatio, o.FreeSpace.UnhealthyBytes, o.FreeSpace.UnhealthyRatio) = (0, 0, 0, 0))
            .Services.BuildServiceProvider();

    [Fact]
    public async Task The_health_check_the_metrics_and_the_status_report_read_one_and_the_same_reading()
    {
        using var tree = new TempTree();
        using ServiceProvider services = Services(tree);
        _ = services.GetRequiredService<IOptions<CallyticsPaths>>().Value; // start-up

        HealthReport health = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var monitor = services.GetRequiredService<LayoutMonitor>();
        LayoutSnapshot reading = await monitor.GetAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        LayoutReport report = await services.GetRequiredService<ICallyticsPathsStatus>().GetReportAsync(TimeSpan.FromMinutes(1));
        IReadOnlyList<FilesystemReading> metrics = services.GetRequiredService<CallyticsPathsMetrics>().Readings();

        health.Status.Should().Be(HealthStatus.Healthy, health.Entries["callytics-paths"].Description);
        report.Should().BeSameAs(reading.Report, "the status report is the health check's reading, not a second one");
        metrics.Should().BeSameAs(reading.Readings, "the metrics report the health check's reading");
        health.Entries["callytics-paths"].Data["temp"].Should().BeSameAs(reading.Report!.Paths["temp"], "the health data is the reading's report");
        services.GetRequiredService<ICallyticsPathsStatus>().Should().BeSameAs(monitor);
    }

    [Fact]
    public async Task Callers_that_come_while_a_reading_runs_share_it_and_a_fresh_one_is_reused()
    {
        using var tree = new TempTree();
        using ServiceProvider services = Services(tree);
        var paths = services.GetRequiredService<IOptions<CallyticsPaths>>();
        using var release = new ManualResetEventSlim();
        int readings = 0;
        var baseline = new LayoutBaseline();
        var monitor = new LayoutMonitor(paths, baseline, null, null, (layout, checking) =>
        {
            Interlocked.Increment(ref readings);
            release.Wait(TimeSpan.FromSeconds(30));
            return LayoutSnapshot.Take(layout, baseline, DateTimeOffset.UtcNow, checking);
        });

        Task<LayoutReport>[] waiting = [.. Enumerable.Range(0, 20).Select(_ => monitor.GetReportAsync(TimeSpan.FromMinutes(1)))];
        monitor.CurrentReadings(TimeSpan.Zero).Should().BeEmpty("a collection never waits: nothing has landed and nothing was recorded at start");
        release.Set();
        LayoutReport[] reports = await Task.WhenAll(waiting);

        readings.Should().Be(1);
        reports.Distinct().Should().ContainSingle();
        (await monitor.GetReportAsync(TimeSpan.FromMinutes(1))).Should().BeSameAs(reports[0], "recent enough");
        readings.Should().Be(1);
    }

    [Fact]
    public async Task A_caller_stops_waiting_at_its_token_and_a_failed_reading_says_why()
    {
        using var tree = new TempTree();
        using ServiceProvider services = Services(tree);
        var paths = services.GetRequiredService<IOptions<CallyticsPaths>>();
        using var release = new ManualResetEventSlim();
        var monitor = new LayoutMonitor(paths, new LayoutBaseline(), null, null, (_, checking) =>
        {
            checking("DATA_DIR");
            release.Wait(TimeSpan.FromSeconds(30));
            throw new IOException("the volume went away; password=sqlite://u:secret@h/x");
        });

        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Func<Task> waiting = () => monitor.GetReportAsync(TimeSpan.FromMinutes(1), soon.Token);
        await waiting.Should().ThrowAsync<OperationCanceledException>();
        monitor.Checking.Should().Be("DATA_DIR");

        release.Set();
        Func<Task> failed = () => monitor.GetReportAsync(TimeSpan.FromMinutes(1));
        (await failed.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("the volume went away").And.NotContain("secret", "secrets are masked everywhere");
    }
}
