using Callytics.Paths.Configuration;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Cli.Commands;

/// <summary>Reads the layout exactly as the library does: the same variables, the same defaults, the same normalization.</summary>
internal static class Layout
{
    /// <summary>
    /// The layout of <paramref name="invocation"/>'s variables, relative values resolved in its working directory.
    /// The variables become configuration keys as the environment variables provider makes them (<c>__</c> stands for
    /// <c>:</c>, any case), so <c>CallyticsPaths__Roles</c> binds as it does in a service.
    /// </summary>
    internal static CallyticsPaths From(Invocation invocation)
    {
        CallyticsPaths paths = CallyticsPathsBinder.FromVariables(invocation.Variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
        PathNormalizer.Normalize(paths, invocation.WorkingDirectory);
        return paths;
    }

    /// <summary>Validation settings for <paramref name="invocation"/>: its working directory and its variables for the container signals.</summary>
    internal static PathValidationSettings Settings(Invocation invocation, bool create) => new()
    {
        CreateMissingDirectories = create,
        WriteProbe = create,
        WorkingDirectory = invocation.WorkingDirectory,
        Variables = invocation.Variable,
        Checking = variable => Bounded.Progress(invocation, variable),
    };
}
