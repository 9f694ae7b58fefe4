using Callytics.Paths.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.DependencyInjection;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>These change the process's environment variables, so they run alone.</summary>
[Collection(nameof(ProcessEnvironment))]
public class EnvironmentVariableTests
{
    private static readonly string[] Names =
        ["CALLYTICS_ROOT", "CALLYTICS_MOUNT_CHECK", "AUDIO_DIR", "TEMP_DIR", "LOG_DIR", "DATA_DIR", "CONFIG_DIR", "CACHE_DIR", "DATABASE_URL"];

    [Fact]
    public void Without_a_registered_configuration_the_environment_variables_are_read()
    {
        using var tree = new TempTree();
        Dictionary<string, string?> saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (string name in Names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            Environment.SetEnvironmentVariable("CALLYTICS_MOUNT_CHECK", "off");
            Environment.SetEnvironmentVariable("CALLYTICS_ROOT", tree["env-root"]);
            Environment.SetEnvironmentVariable("TEMP_DIR", tree["env-temp"]);
            Environment.SetEnvironmentVariable("DATABASE_URL", "sqlite:///" + tree["db/calls.sqlite"]);
            var services = new ServiceCollection();
            services.AddCallyticsPaths();
            using ServiceProvider provider = services.BuildServiceProvider();

            CallyticsPaths paths = provider.GetRequiredService<IOptions<CallyticsPaths>>().Value;

            paths.TempDir.Should().Be(tree["env-temp"]);
            paths.LogDir.Should().Be(tree["env-root/logs"]);
            paths.DatabaseUrl.Should().Be("sqlite:///" + tree["db/calls.sqlite"]);
        }
        finally
        {
            foreach ((string name, string? value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
