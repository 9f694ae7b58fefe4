using Callytics.Paths.Configuration;

namespace Callytics.Paths.Linting;

/// <summary>
/// The roles one workload uses and the values it gets, bound as the service binds them
/// (<see cref="CallyticsPathsBinder.FromVariables"/>: a flat variable, else the <c>CallyticsPaths__*</c> key, else the
/// default under <c>CALLYTICS_ROOT</c>, relative or not). <c>CALLYTICS_ROLES</c> when it declares it, else every role.
/// A workload that declares it states its contract, so each used role is checked, its default path included; without
/// it, only the role variables it declares are.
/// </summary>
internal sealed class WorkloadRoles
{
    private readonly CallyticsPaths _bound;

    private WorkloadRoles(Workload workload, CallyticsPaths bound, WorkloadVariable? declaration)
    {
        Workload = workload;
        _bound = bound;
        Declaration = declaration;
    }

    /// <summary>The role variables and <c>CALLYTICS_ROLES</c>: declaring any of them makes a workload a Callytics workload.</summary>
    internal static readonly string[] Variables =
        [.. RoleLayout.Directories.Select(l => l.Variable), CallyticsPathsVariables.DatabaseUrl, CallyticsPathsVariables.Roles];

    internal Workload Workload { get; }

    internal PathRoles Roles => _bound.Roles;

    /// <summary>The variable that declares the roles (<c>CALLYTICS_ROLES</c> or <c>CallyticsPaths__Roles</c>), or null.</summary>
    internal WorkloadVariable? Declaration { get; }

    /// <summary>The keys of <c>CALLYTICS_ROLES</c> that name no role.</summary>
    internal IReadOnlyList<string> Unknown => _bound.UnknownRoleKeys;

    /// <summary>
    /// The root the workload's defaults hang from, as the binder takes it: its <c>CALLYTICS_ROOT</c> (a relative one
    /// stays relative, and the defaults with it), else <c>/app</c>.
    /// </summary>
    internal string Root => CallyticsPathsBinder.RootOf(Workload.Variables.GetValueOrDefault(CallyticsPathsVariables.Root)?.Value) is var root && root.StartsWith('/')
        ? Workload.Normalize(root)
        : root.TrimEnd('/');

    internal static WorkloadRoles Of(Workload workload)
    {
        CallyticsPaths bound = CallyticsPathsBinder.FromVariables(workload.Variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value.Value)));
        string? declaredBy = CallyticsPathsBinder.SourceOf(workload.Variables.Keys, CallyticsPathsVariables.Roles, nameof(CallyticsPaths.Roles));
        return new WorkloadRoles(workload, bound, declaredBy is null ? null : workload.Variables[declaredBy]);
    }

    /// <summary>Whether <paramref name="workload"/> declares a role variable or <c>CALLYTICS_ROLES</c>, flat or as a <c>CallyticsPaths__</c> key.</summary>
    internal static bool DeclaresAny(Workload workload) =>
        Variables.Any(workload.Variables.ContainsKey) || workload.Variables.Keys.Any(IsSectionKey);

    private static bool IsSectionKey(string variable) =>
        CallyticsPathsBinder.ConfigurationKeyOf(variable).StartsWith(CallyticsPathsVariables.SectionName + ":", StringComparison.OrdinalIgnoreCase);

    internal bool Uses(PathRole role) => (Roles & RoleKeys.Flag(role)) != 0;

    /// <summary>
    /// The variable to lint for <paramref name="name"/>: the workload's own, or, when it declares <c>CALLYTICS_ROLES</c>,
    /// the default it gets (placed at the <c>CALLYTICS_ROLES</c> line); null when there is none.
    /// </summary>
    internal WorkloadVariable? VariableFor(string name)
    {
        RoleLayout? layout = RoleLayout.ForVariable(name);
        string sectionKey = layout?.SectionKey ?? nameof(CallyticsPaths.DatabaseUrl);
        if (CallyticsPathsBinder.SourceOf(Workload.Variables.Keys, name, sectionKey) is { } source)
        {
            return Workload.Variables[source]; // its own value, unresolved parts and position: what the service binds
        }

        if (Declaration is null)
        {
            return null;
        }

        // The default, as the service binds it (under its root, even a relative one).
        string value = layout is null ? _bound.DatabaseUrl : layout.Get(_bound);
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

        if (Workload.Mounts.ContainsKey(Under(CallyticsPathsVariables.DefaultDatabaseFileName)))
        {
            roles.Add(PathRole.Database); // a file at the default database path: the database role, as the defaults would use it
        }

        return roles;
    }

    /// <summary>The default path of <paramref name="name"/> under the workload's root.</summary>
    internal string Under(string name) => Root == "/" ? "/" + name : Root + "/" + name;
}
