extern alias library;

using System.Diagnostics.Metrics;
using Callytics.Paths.Health;
using library::Callytics.Paths.Interop;
using Callytics.Paths.Layer;
using Callytics.Paths.Metrics;
using Callytics.Paths.Reporting;
using Callytics.Paths.Status;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.Status;

/// <summary>
/// What a container wrote into its own layer, carried by the one reading to the health check and the metrics. The
/// walk itself is proven in a real container filesystem (<c>Layer/WritableLayerTests</c>); here the reading holds a
/// layer as a walk in a container would give it.
/// </summary>
public class LayerInStatusTests
{
    private static readonly LayerReading AtRisk = new(true, "/.dockerenv", new LayerSignal("/.dockerenv", "Docker", 1_000_000_000),
        [
            new LayerGroup("/app/.temp", 2, 4196, 2_000_000_000, PathRole.Temp, "TEMP_DIR", "/app/temp", true, "have it use $TEMP_DIR"),
            new LayerGroup("/var/lib/postgresql", 1, 10, 2_000_000_000, null, null, null, false, "mount a volume there"),
        ],
        0, 0, 0);

    /// <summary>A service using temp only, at a folder of <paramref name="tree"/>, with no mount check.</summary>
    private static ServiceProvider Services(TempTree tree)
    {
        CallyticsPaths layout = tree.Layout();
        tree.Dir("app/temp");
        return new ServiceCollection().AddCallyticsPaths(p =>
        {
            (p.TempDir, p.MountCheck, p.Roles) = (layout.TempDir, Callytics.Paths.Mounts.MountCheckMode.Off, PathRoles.Temp);
        }).BuildServiceProvider();
    }

    [Fact]
    public void The_health_check_is_degraded_with_CP510_and_the_metrics_carry_the_files_and_bytes()
    {
        using var tree = new TempTree();
        using ServiceProvider services = Services(tree);
        var baseline = new LayoutBaseline();
        var monitor = new LayoutMonitor(services.GetRequiredService<IOptions<CallyticsPaths>>(), baseline, null, null,
            (paths, checking) => LayoutSnapshot.Take(paths, baseline, DateTimeOffset.UtcNow, checking), (_, _) => AtRisk);

        HealthCheckResult health = new CallyticsPathsHealthCheck(monitor, new CallyticsPathsHealthCheckOptions()).CheckNow();
        using var metrics = new CallyticsPathsMetrics(services.GetRequiredService<IMeterFactory>(), monitor);
        using var files = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), CallyticsPathsMetrics.MeterName, "callytics.paths.layer.files");
        using var bytes = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), CallyticsPathsMetrics.MeterName, "callytics.paths.layer.bytes");
        files.RecordObservableInstruments();
        bytes.RecordObservableInstruments();

        health.Status.Should().Be(HealthStatus.Degraded, health.Description);
        health.Description.Should().Be("Warnings: TEMP_DIR; container layer: /app/.temp (2 files, 4196 bytes, TEMP_DIR)");
        LayerReport layer = health.Data["layer"].Should().BeOfType<LayerReport>().Subject;
        (layer.Files, layer.Bytes, layer.Directories.Count, layer.Directories[1].Role).Should().Be((3L, 4206L, 2, null));
        files.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(3);
        bytes.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(4206);
    }

    [Fact]
    public void Without_a_layer_reading_outside_a_container_the_layer_instruments_report_nothing()
    {
        using var tree = new TempTree();
        using ServiceProvider services = Services(tree);
        var baseline = new LayoutBaseline();
        var monitor = new LayoutMonitor(services.GetRequiredService<IOptions<CallyticsPaths>>(), baseline, null, null,
            (paths, checking) => LayoutSnapshot.Take(paths, baseline, DateTimeOffset.UtcNow, checking), (_, _) => null);
        monitor.TakeNow().Layer.Should().BeNull();
        using var metrics = new CallyticsPathsMetrics(services.GetRequiredService<IMeterFactory>(), monitor);
        using var files = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), CallyticsPathsMetrics.MeterName, "callytics.paths.layer.files");

        files.RecordObservableInstruments();

        files.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Theory]
    [InlineData("off", false, false)]
    [InlineData(" No ", false, false)]
    [InlineData("on", true, false)]
    [InlineData("maybe", true, true)]
    public void CALLYTICS_LAYER_CHECK_turns_the_walk_off_and_a_value_that_is_not_on_or_off_is_CP011(string value, bool check, bool invalid)
    {
        using var tree = new TempTree();
        CallyticsPaths paths = Callytics.Paths.Configuration.CallyticsPathsBinder.FromVariables(
            [new("CALLYTICS_ROOT", tree["app"]), new("CALLYTICS_ROLES", "temp"), new("CALLYTICS_MOUNT_CHECK", "off"), new("CALLYTICS_LAYER_CHECK", value)]);

        PathValidationResult result = CallyticsPathsValidator.Validate(paths, new PathValidationSettings { CreateMissingDirectories = false, WriteProbe = false });

        paths.CheckContainerLayer.Should().Be(check);
        result.Findings.Where(f => f.Code == FindingCodes.LayerCheckInvalid).Should().HaveCount(invalid ? 1 : 0);
        if (invalid)
        {
            result.Findings.Single(f => f.Code == FindingCodes.LayerCheckInvalid).ToString().Should().Contain("CALLYTICS_LAYER_CHECK=maybe").And.Contain("on or off");
        }
    }
}
