using Callytics.Paths.Configuration;

namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// The roles one compose service uses (<see cref="WorkloadRoles"/>, read from the service), with the compose entries
/// the fixer edits: the service's own, or the default standing in for a variable it does not declare.
/// </summary>
internal sealed class ServiceRoles
{
    private readonly WorkloadRoles _roles;

    private ServiceRoles(ComposeService service, WorkloadRoles roles)
    {
        Service = service;
        _roles = roles;
    }

    internal ComposeService Service { get; }

    internal static ServiceRoles Of(ComposeService service) => new(service, WorkloadRoles.Of(ComposeWorkload.Of(service)));

    internal bool Uses(PathRole role) => _roles.Uses(role);

    /// <summary>The root the service's defaults hang from.</summary>
    internal string Under(string name) => _roles.Under(name);

    /// <summary>
    /// The entry to fix for <paramref name="variable"/>: the service's own (the flat variable, or the
    /// <c>CallyticsPaths__</c> key it binds from), or its default (no node to edit); null when there is none.
    /// </summary>
    internal EnvironmentEntry? EntryFor(string variable) =>
        _roles.VariableFor(variable) is not { } source ? null
        : Service.Environment.TryGetValue(source.Name, out EnvironmentEntry? entry) ? entry
        : new EnvironmentEntry(variable, source.Value, source.Written, source.Position, null, null, Own: false, [], null);

    /// <summary>Whether <paramref name="entry"/> is a default standing in for a variable the service does not declare.</summary>
    internal static bool IsDefault(EnvironmentEntry entry) => entry.Node is null && entry.Document is null;

    /// <inheritdoc cref="WorkloadRoles.SuggestedFromMounts"/>
    internal List<PathRole> SuggestedFromMounts() => _roles.SuggestedFromMounts();
}
