using Callytics.Paths.Mounts;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.Validation;

public class CallyticsPathsValidateOptionsTests
{
    [Fact]
    public void The_start_up_validation_fails_naming_the_variable_and_records_no_baseline_or_readings()
    {
        using var tree = new TempTree();
        tree.Dir("app/audio");
        tree.Dir("app/temp");
        tree.Dir("app/data");
        var paths = new CallyticsPaths
        {
            AudioDir = tree["app/audio"],
            TempDir = tree["app/temp"],
            LogDir = tree["app/logs"], // missing: the start-up validation would create it
            DataDir = tree["app/data"],
            ConfigDir = "/proc/self/no/such/config", // cannot be created: an error
            CacheDir = tree["app/.cache"],
            DatabaseUrl = $"sqlite:///{tree["app/data/Callytics_new.sqlite"]}",
            MountCheck = MountCheckMode.Off,
        };
        var baseline = new Callytics.Paths.Health.LayoutBaseline();

        FluentActions.Invoking(() => new CallyticsPathsValidateOptions(null, baseline).Validate(Options.DefaultName, paths))
            .Should().Throw<CallyticsPathsValidationException>().Which.Message.Should().Contain("CONFIG_DIR");
        (baseline.IsRecorded, baseline.StartupReadings).Should().Be((false, null), "a layout that failed its start is no baseline");

        paths.ConfigDir = tree.Dir("app/config");
        new CallyticsPathsValidateOptions(null, baseline).Validate(Options.DefaultName, paths).Succeeded.Should().BeTrue();
        baseline.IsRecorded.Should().BeTrue();
        baseline.StartupReadings.Should().HaveCount(7, "the metrics' first scrape reads every used role from the start-up validation");
    }
}
