using Callytics.Paths.Configuration;

namespace Callytics.Paths.Linting;

/// <summary>
/// The roles one workload uses, read as the library reads them: <c>CALLYTICS_ROLES</c> when it declares it, else every
/// role. A workload that declares it states its contract, so each used role is checked, its default path (under
/// <c>CALLYTICS_ROOT</c>, else <c>/app</c>) included; without it, only the role variables it declares are.
/// </summary>
internal sealed class WorkloadRoles
{
    private WorkloadRoles(Workload workload, PathRoles roles, WorkloadVariable? declaration, IReadOnlyList<string> unknown)
    {
        Workload = workload;
        Roles = roles;
        Declaration = declaration;
        Unknown = unknown;
    }

    /// <summary>The role variables and <c>CALLYTICS_ROLES</c>: declaring any of them makes a workload a Callytics workload.</summary>
    internal static readonly string[] Variables =
        [.. RoleLayout.Directories.Select(l => l.Variable), CallyticsPathsVariables.DatabaseUrl, CallyticsPathsVariables.Roles];

    internal Workload Workload { get; }

    internal PathRoles Roles { get; }

    /// <summary>The <c>CALLYTICS_ROLES</c> variable, or null when the workload does not declare it.</summary>
    internal WorkloadVariable? Declaration { get; }

    /// <summary>The keys of <c>CALLYTICS_ROLES</c> that name no role.</summary>
    internal IReadOnlyList<string> Unknown { get; }

    /// <summary>The root the workload's defaults hang from: its <c>CALLYTICS_ROOT</c>, else <c>/app</c>.</summary>
    internal string Root => Workload.Variables.GetValueOrDefault(CallyticsPathsVariables.Root)?.Value is { Length: > 0 } root && root.StartsWith('/')
        ? Workload.Normalize(root)
        : CallyticsPathsVariables.DefaultRoot;

    internal static WorkloadRoles Of(Workload workload)
    {
        WorkloadVariable? declaration = workload.Variables.GetValueOrDefault(CallyticsPathsVariables.Roles);
        List<string> unknown = [];
        PathRoles roles = declaration is null ? PathRoles.All : RoleKeys.Parse(declaration.Value, out unknown);
        return new WorkloadRoles(workload, roles, declaration, unknown);
    }

    /// <summary>Whether <paramref name="workload"/> declares a role variable or <c>CALLYTICS_ROLES</c>.</summary>
    internal static bool DeclaresAny(Workload workload) => Variables.Any(workload.Variables.ContainsKey);

    internal bool Uses(PathRole role) => (Roles & RoleKeys.Flag(role)) != 0;

    /// <summary>
    /// The variable to lint for <paramref name="name"/>: the workload's own, or, when it declares <c>CALLYTICS_ROLES</c>,
    /// the default it gets (placed at the <c>CALLYTICS_ROLES</c> line); null when there is none.
    /// </summary>
    internal WorkloadVariable? VariableFor(string name)
    {
        if (Workload.Variables.TryGetValue(name, out WorkloadVariable? variable))
        {
            return variable;
        }

        if (Declaration is null)
        {
            return null;
        }

        string value = name == CallyticsPathsVariables.DatabaseUrl
            ? "sqlite:///" + Under(CallyticsPathsVariables.DefaultDatabaseFileName)
            : Under(RoleLayout.ForVariable(name)!.DefaultName);
        return new WorkloadVariable(name, value, value, Declaration.Position, [], null, IsDefault: true);
    }

    /// <summary>
    /// The roles a workload that declares nothing seems to use: those whose default directory (under its root) it
    /// mounts. Empty when it mounts none, or when it declares a role variable or <c>CALLYTICS_ROLES</c>.
    /// </summary>
    internal List<PathRole> SuggestedFromMounts()
    {
        var roles = new List<PathRole>();
        if (DeclaresAny(Workload))
        {
            return roles;
        }

        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (Workload.Mounts.ContainsKey(Under(layout.DefaultName)))
            {
                roles.Add(layout.Role);
            }
        }

        return roles;
    }

    /// <summary>The default path of <paramref name="name"/> under the workload's root.</summary>
    internal string Under(string name) => Root == "/" ? "/" + name : Root + "/" + name;
}
