using Callytics.Paths.Configuration;

namespace Callytics.Paths.Cli.Compose;

/// <summary>
/// The roles one compose service uses, read as the library reads them: <c>CALLYTICS_ROLES</c> when the service declares
/// it (in <c>environment</c> or an <c>env_file</c>), else every role. A service that declares it states its contract, so
/// each used role is checked, its default path (under <c>CALLYTICS_ROOT</c>, else <c>/app</c>) included; without it,
/// only the role variables the service declares are.
/// </summary>
internal sealed class ServiceRoles
{
    private ServiceRoles(ComposeService service, PathRoles roles, EnvironmentEntry? declaration, IReadOnlyList<string> unknown)
    {
        Service = service;
        Roles = roles;
        Declaration = declaration;
        Unknown = unknown;
    }

    /// <summary>The role variables and <c>CALLYTICS_ROLES</c>: declaring any of them makes a service a Callytics service.</summary>
    internal static readonly string[] Variables =
        [.. RoleLayout.Directories.Select(l => l.Variable), CallyticsPathsVariables.DatabaseUrl, CallyticsPathsVariables.Roles];

    internal ComposeService Service { get; }

    internal PathRoles Roles { get; }

    /// <summary>The <c>CALLYTICS_ROLES</c> entry, or null when the service does not declare it.</summary>
    internal EnvironmentEntry? Declaration { get; }

    /// <summary>The keys of <c>CALLYTICS_ROLES</c> that name no role.</summary>
    internal IReadOnlyList<string> Unknown { get; }

    /// <summary>The root the service's defaults hang from: its <c>CALLYTICS_ROOT</c>, else <c>/app</c>.</summary>
    internal string Root => Service.Environment.GetValueOrDefault(CallyticsPathsVariables.Root)?.Value is { Length: > 0 } root && root.StartsWith('/')
        ? ComposeRules.Normalize(root)
        : CallyticsPathsVariables.DefaultRoot;

    internal static ServiceRoles Of(ComposeService service)
    {
        EnvironmentEntry? declaration = service.Environment.GetValueOrDefault(CallyticsPathsVariables.Roles);
        List<string> unknown = [];
        PathRoles roles = declaration is null ? PathRoles.All : RoleKeys.Parse(declaration.Value, out unknown);
        return new ServiceRoles(service, roles, declaration, unknown);
    }

    /// <summary>Whether the service declares a role variable or <c>CALLYTICS_ROLES</c>.</summary>
    internal static bool DeclaresAny(ComposeService service) => Variables.Any(service.Environment.ContainsKey);

    internal bool Uses(PathRole role) => (Roles & RoleKeys.Flag(role)) != 0;

    /// <summary>
    /// The entry to lint for <paramref name="variable"/>: the service's own, or, when it declares <c>CALLYTICS_ROLES</c>,
    /// the default it gets (placed at the <c>CALLYTICS_ROLES</c> line, with no node to edit); null when there is none.
    /// </summary>
    internal EnvironmentEntry? EntryFor(string variable)
    {
        if (Service.Environment.TryGetValue(variable, out EnvironmentEntry? entry))
        {
            return entry;
        }

        if (Declaration is null)
        {
            return null;
        }

        string value = variable == CallyticsPathsVariables.DatabaseUrl
            ? "sqlite:///" + Under(CallyticsPathsVariables.DefaultDatabaseFileName)
            : Under(RoleLayout.ForVariable(variable)!.DefaultName);
        return new EnvironmentEntry(variable, value, value, Declaration.Position, null, null, Own: false, [], null);
    }

    /// <summary>Whether <paramref name="entry"/> is a default standing in for a variable the service does not declare.</summary>
    internal static bool IsDefault(EnvironmentEntry entry) => entry.Node is null && entry.Document is null;

    /// <summary>
    /// The roles a service that declares nothing seems to use: those whose default directory (under its root) it
    /// mounts. Empty when it mounts none, or when it declares a role variable or <c>CALLYTICS_ROLES</c>.
    /// </summary>
    internal List<PathRole> SuggestedFromMounts()
    {
        var roles = new List<PathRole>();
        if (DeclaresAny(Service))
        {
            return roles;
        }

        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            string path = Under(layout.DefaultName);
            if (Service.Volumes.ContainsKey(path))
            {
                roles.Add(layout.Role);
            }
        }

        return roles;
    }

    private string Under(string name) => Root == "/" ? "/" + name : Root + "/" + name;
}
