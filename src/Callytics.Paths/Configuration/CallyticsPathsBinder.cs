using Callytics.Paths.Mounts;
using Microsoft.Extensions.Configuration;

namespace Callytics.Paths.Configuration;

/// <summary>
/// Binds <see cref="CallyticsPaths"/> by explicit reads (no reflection, so trimming and NativeAOT keep working):
/// a flat variable wins over the <c>CallyticsPaths</c> section, which wins over the default under the root.
/// </summary>
public static class CallyticsPathsBinder
{
    /// <summary>
    /// The layout a process with <paramref name="variables"/> in its environment binds (not yet normalized): the
    /// variables become configuration keys as the environment variables provider makes them (<c>__</c> stands for
    /// <c>:</c>, any case), so <c>CallyticsPaths__TempDir</c> binds as it does in a service. The tool reads its own
    /// environment this way, and the linters a workload's declared one: one binding, wherever the variables come from.
    /// </summary>
    public static CallyticsPaths FromVariables(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(ConfigurationKeyOf(v.Key), v.Value)))
            .Build();
        var paths = new CallyticsPaths();
        Bind(configuration, paths);
        return paths;
    }

    /// <summary>The configuration key an environment variable becomes (<c>CallyticsPaths__TempDir</c> → <c>CallyticsPaths:TempDir</c>).</summary>
    public static string ConfigurationKeyOf(string variable) => variable.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    /// <summary>
    /// The name among <paramref name="variables"/> that supplies <paramref name="flat"/> (a flat variable such as
    /// <c>TEMP_DIR</c>) or, failing it, the <c>CallyticsPaths</c> section's <paramref name="sectionKey"/>, as
    /// <see cref="Bind"/> chooses; null when neither is set (the default applies).
    /// </summary>
    public static string? SourceOf(IEnumerable<string> variables, string flat, string sectionKey)
    {
        string section = CallyticsPathsVariables.SectionName + ConfigurationPath.KeyDelimiter + sectionKey;
        string? fromSection = null;
        foreach (string variable in variables)
        {
            string key = ConfigurationKeyOf(variable);
            if (string.Equals(key, flat, StringComparison.OrdinalIgnoreCase))
            {
                return variable;
            }

            if (string.Equals(key, section, StringComparison.OrdinalIgnoreCase))
            {
                fromSection = variable;
            }
        }

        return fromSection;
    }

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

        string? layerCheck = configuration[CallyticsPathsVariables.LayerCheck] ?? section[nameof(CallyticsPaths.CheckContainerLayer)];
        if (layerCheck is not null)
        {
            bool? on = layerCheck.Trim().ToLowerInvariant() switch
            {
                "on" or "true" or "1" or "yes" => true,
                "off" or "false" or "0" or "no" => false,
                _ => null,
            };
            paths.CheckContainerLayer = on ?? true;
            paths.InvalidLayerCheck = on is null ? layerCheck : null;
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
    internal static string Root(IConfiguration configuration) => RootOf(configuration[CallyticsPathsVariables.Root]);

    /// <summary>The root a <c>CALLYTICS_ROOT</c> value gives: the value as written (relative or not), or <c>/app</c> when unset or blank.</summary>
    public static string RootOf(string? value) => string.IsNullOrWhiteSpace(value) ? CallyticsPathsVariables.DefaultRoot : value;

    private static string UnderRoot(string root, string name) =>
        root.EndsWith('/') ? root + name : root + "/" + name;
}
