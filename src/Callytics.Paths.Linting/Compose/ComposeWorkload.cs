namespace Callytics.Paths.Linting.Compose;

/// <summary>A compose service as the shared rules read it: its environment and its volumes, in the lint model.</summary>
internal static class ComposeWorkload
{
    /// <summary>The workload of <paramref name="service"/>; each mount's compose volume is kept in <paramref name="volumes"/> when given.</summary>
    internal static Workload Of(ComposeService service, Dictionary<WorkloadMount, ServiceVolume>? volumes = null)
    {
        var workload = new Workload(service.Name, null, service.Position) { ReadOnlyRoot = service.ReadOnlyRoot };
        foreach (EnvironmentEntry entry in service.Environment.Values)
        {
            workload.Variables[entry.Name] = Variable(entry);
        }

        foreach ((string target, ServiceVolume volume) in service.Volumes)
        {
            MountStorage storage = volume.Spec.Type switch
            {
                "bind" => MountStorage.HostPath,
                "tmpfs" => MountStorage.Tmpfs,
                _ => MountStorage.Volume,
            };
            var mount = new WorkloadMount(volume.Spec.Target, storage, volume.Spec.ReadOnly, volume.Position, volume.Spec.Source ?? "an anonymous volume", volume.HostPath);
            workload.Mounts[target] = mount;
            volumes?.TryAdd(mount, volume);
        }

        return workload;
    }

    /// <summary>The lint model's view of one compose environment entry.</summary>
    internal static WorkloadVariable Variable(EnvironmentEntry entry) =>
        new(entry.Name, entry.Value, entry.Written, entry.Position, entry.Unset, entry.Error, IsDefault: entry.Node is null && entry.Document is null);
}
