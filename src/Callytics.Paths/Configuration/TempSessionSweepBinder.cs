using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Callytics.Paths.Configuration;

/// <summary>Binds <see cref="TempSessionSweepOptions"/> from the <c>CallyticsPaths:SessionSweep</c> section by explicit reads (no reflection).</summary>
internal static class TempSessionSweepBinder
{
    /// <summary>The section the sweep's keys live in.</summary>
    internal const string SectionName = CallyticsPathsVariables.SectionName + ":SessionSweep";

    /// <summary>
    /// Reads <c>Enabled</c>, <c>Interval</c> and <c>MaxAge</c> from <paramref name="configuration"/> into
    /// <paramref name="sweep"/>; a missing or unreadable value (or a duration that is not positive) keeps its default.
    /// </summary>
    internal static void Bind(IConfiguration? configuration, TempSessionSweepOptions sweep)
    {
        if (configuration is null)
        {
            return;
        }

        IConfigurationSection section = configuration.GetSection(SectionName);
        if (bool.TryParse(section[nameof(TempSessionSweepOptions.Enabled)], out bool enabled))
        {
            sweep.Enabled = enabled;
        }

        if (TimeSpan.TryParse(section[nameof(TempSessionSweepOptions.Interval)], CultureInfo.InvariantCulture, out TimeSpan interval) && interval > TimeSpan.Zero)
        {
            sweep.Interval = interval;
        }

        if (TimeSpan.TryParse(section[nameof(TempSessionSweepOptions.MaxAge)], CultureInfo.InvariantCulture, out TimeSpan age) && age > TimeSpan.Zero)
        {
            sweep.MaxAge = age;
        }
    }
}
