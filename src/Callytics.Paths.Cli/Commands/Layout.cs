using Callytics.Paths.Configuration;
using Microsoft.Extensions.Configuration;

namespace Callytics.Paths.Cli.Commands;

/// <summary>Reads the layout exactly as the library does: the same variables, the same defaults, the same normalization.</summary>
internal static class Layout
{
    internal static CallyticsPaths FromEnvironment()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var paths = new CallyticsPaths();
        CallyticsPathsBinder.Bind(configuration, paths);
        PathNormalizer.NormalizeInWorkingDirectory(paths);
        return paths;
    }
}
