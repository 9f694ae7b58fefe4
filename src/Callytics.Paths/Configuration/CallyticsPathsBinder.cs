using Callytics.Paths.Mounts;
using Microsoft.Extensions.Configuration;

namespace Callytics.Paths.Configuration;

/// <summary>
/// Binds <see cref="CallyticsPaths"/> by explicit reads (no reflection, so trimming and NativeAOT keep working):
/// a flat variable wins over the <c>CallyticsPaths</c> section, which wins over the default under the root.
/// </summary>
internal static class CallyticsPathsBinder
{
    /// <summary>Fills every property of <paramref name="paths"/> from <paramref name="configuration"/>.</summary>
    internal static void Bind(IConfiguration configuration, CallyticsPaths paths)
    {
        IConfigurationSection section = configuration.GetSection(CallyticsPathsVariables.SectionName);
        string root = Root(configuration);
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            string? set = configuration[layout.Variable] ?? section[layout.SectionKey];
            layout.Set(paths, set ?? UnderRoot(root, layout.DefaultName));
            Remember(paths, layout.Variable, set);
        }

        string? database = configuration[CallyticsPathsVariables.DatabaseUrl] ?? section[nameof(CallyticsPaths.DatabaseUrl)];
        paths.DatabaseUrl = database ?? "sqlite:///" + UnderRoot(root, CallyticsPathsVariables.DefaultDatabaseFileName);
        Remember(paths, CallyticsPathsVariables.DatabaseUrl, database);

        string? roles = configuration[CallyticsPathsVariables.Roles] ?? section[nameof(CallyticsPaths.Roles)];
        if (roles is not null)
        {
            paths.Roles = RoleKeys.Parse(roles, out List<string> unknown);
            paths.UnknownRoleKeys = unknown;
        }

        string? mountCheck = configuration[CallyticsPathsVariables.MountCheck] ?? section[nameof(CallyticsPaths.MountCheck)];
        if (mountCheck is not null)
        {
            MountCheckMode? mode = ParseMountCheck(mountCheck);
            paths.MountCheck = mode ?? MountCheckMode.Enforce;
            paths.InvalidMountCheck = mode is null ? mountCheck : null;
        }
    }

    private static void Remember(CallyticsPaths paths, string variable, string? set)
    {
        if (set is null)
        {
            paths.ExplicitVariables.Remove(variable);
        }
        else
        {
            paths.ExplicitVariables.Add(variable);
        }
    }

    /// <summary>Reads <c>auto</c>, <c>enforce</c>, <c>warn</c> or <c>off</c> (any case, surrounding blanks ignored).</summary>
    internal static MountCheckMode? ParseMountCheck(string value) => value.Trim().ToLowerInvariant() switch
    {
        "auto" => MountCheckMode.Auto,
        "enforce" => MountCheckMode.Enforce,
        "warn" => MountCheckMode.Warn,
        "off" => MountCheckMode.Off,
        _ => null,
    };

    /// <summary>The root the defaults hang from: <c>CALLYTICS_ROOT</c>, or <c>/app</c> when it is unset or blank.</summary>
    internal static string Root(IConfiguration configuration)
    {
        string? root = configuration[CallyticsPathsVariables.Root];
        return string.IsNullOrWhiteSpace(root) ? CallyticsPathsVariables.DefaultRoot : root;
    }

    private static string UnderRoot(string root, string name) =>
        root.EndsWith('/') ? root + name : root + "/" + name;
}
