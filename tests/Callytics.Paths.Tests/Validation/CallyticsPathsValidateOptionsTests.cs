using Callytics.Paths.Mounts;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.Validation;

public class CallyticsPathsValidateOptionsTests
{
    [Fact]
    public void The_warm_up_validation_fails_nothing_creates_nothing_and_writes_no_probe_where_the_start_up_one_fails()
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
        Dictionary<string, TreeSnapshot.Entry> before = TreeSnapshot.Take(tree.Root);

        ValidateOptionsResult result = CallyticsPathsValidateOptions.ForWarmUp().Validate(Options.DefaultName, paths);

        result.Succeeded.Should().BeTrue("a warm-up decides nothing");
        TreeSnapshot.Take(tree.Root).Should().BeEquivalentTo(before, "no directory is created and no probe written (each would move a directory's mtime)");
        FluentActions.Invoking(() => new CallyticsPathsValidateOptions().Validate(Options.DefaultName, paths))
            .Should().Throw<CallyticsPathsValidationException>().Which.Message.Should().Contain("CONFIG_DIR");
    }
}
