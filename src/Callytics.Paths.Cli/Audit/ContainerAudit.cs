using Callytics.Paths.Configuration;
using Callytics.Paths.Layer;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;

namespace Callytics.Paths.Cli.Audit;

/// <summary>
/// One running container, audited from the host: what really runs, reduced to the linters' <see cref="Workload"/>
/// (its real environment, the image's ENV included; its real mounts; a read-only root) and read by the same rules as
/// <c>compose lint</c>; and what its writable layer holds, from the engine's own change list, grouped as
/// <c>callytics-paths layer</c> groups it.
/// </summary>
/// <param name="Name">The container's name.</param>
/// <param name="Service">The compose service it runs (its <c>com.docker.compose.service</c> label), or its name.</param>
/// <param name="SizeRw">The size of its writable layer, as the engine counts it.</param>
/// <param name="Findings">The rules' findings.</param>
/// <param name="Layer">The directories holding what it wrote into its layer, largest first.</param>
internal sealed record ContainerAudit(string Name, string Service, long? SizeRw, IReadOnlyList<Finding> Findings, IReadOnlyList<LayerGroup> Layer)
{
    /// <summary>Whether anything is at risk: a finding other than a note, or anything in the layer.</summary>
    internal bool AtRisk => Layer.Count > 0 || Findings.Any(f => f.Severity != Validation.FindingSeverity.Information);

    /// <summary>Audits container <paramref name="id"/> through <paramref name="engine"/>.</summary>
    internal static ContainerAudit Of(DockerApi engine, ContainerSummary summary)
    {
        ContainerInspect inspect = engine.Inspect(summary.Id);
        string name = (inspect.Name ?? (summary.Names is [{ } first, ..] ? first : null) ?? summary.Id).TrimStart('/');
        string service = inspect.Config?.Labels?.GetValueOrDefault("com.docker.compose.service") ?? name;
        var position = new SourcePosition($"container {name}", 0, 0);
        var workload = new Workload(service, null, position) { ReadOnlyRoot = inspect.HostConfig?.ReadonlyRootfs == true ? position : null };
        var environment = new List<KeyValuePair<string, string?>>();
        foreach (string entry in inspect.Config?.Env ?? [])
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            (string key, string value) = equals < 0 ? (entry, string.Empty) : (entry[..equals], entry[(equals + 1)..]);
            workload.Variables[key] = new WorkloadVariable(key, value, value, position, [], null);
            environment.Add(new(key, value));
        }

        foreach (ContainerMount mount in inspect.Mounts ?? [])
        {
            if (mount.Destination is not { } destination || !destination.StartsWith('/'))
            {
                continue;
            }

            MountStorage storage = mount.Type switch
            {
                "bind" => MountStorage.HostPath,
                "volume" => MountStorage.Volume,
                "tmpfs" => MountStorage.Tmpfs,
                _ => MountStorage.Other,
            };
            string target = Workload.Normalize(destination);
            string source = mount.Type == "volume" ? $"volume {mount.Name}" : mount.Source ?? mount.Type ?? "?";
            workload.Mounts[target] = new WorkloadMount(target, storage, !mount.RW, position, source, null);
        }

        foreach ((string destination, string options) in inspect.HostConfig?.Tmpfs ?? new Dictionary<string, string>())
        {
            if (destination.StartsWith('/'))
            {
                string target = Workload.Normalize(destination);
                bool readOnly = options.Split(',').Contains("ro", StringComparer.Ordinal);
                workload.Mounts[target] = new WorkloadMount(target, MountStorage.Tmpfs, readOnly, position, "tmpfs", null);
            }
        }

        var findings = new List<Finding>();
        RolePathRules.Check(workload, new ComposeDialect(), findings);
        return new ContainerAudit(name, service, summary.SizeRw, findings, GroupChanges(engine.Changes(summary.Id), workload, environment));
    }

    /// <summary>
    /// The engine's change list grouped by directory: added or changed entries that are not a directory of another
    /// entry (the change list names directories too, and cannot tell them from files), not a mount point or above
    /// one, not left out as noise.
    /// </summary>
    private static LayerGroup[] GroupChanges(List<ContainerChange> changes, Workload workload, List<KeyValuePair<string, string?>> environment)
    {
        var kept = changes.Where(c => c.Kind != 2 && c.Path.StartsWith('/')).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var parents = kept.Select(p => Path.GetDirectoryName(p) ?? "/").ToHashSet(StringComparer.Ordinal);
        LayerIgnore ignore = LayerIgnore.From(environment.FirstOrDefault(e => e.Key == LayerIgnore.Variable).Value);
        CallyticsPaths paths = CallyticsPathsBinder.FromVariables(environment);
        bool Mounted(string path) => workload.Holder(path) is not null;
        List<WritableLayer.RolePath> roles = WritableLayer.RolePaths(paths, Mounted);
        var groups = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string path in kept)
        {
            if (parents.Contains(path) || Mounted(path) || workload.Mounts.Keys.Any(m => m.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal)) || ignore.Ignores(path))
            {
                continue;
            }

            string group = WritableLayer.GroupOf(Path.GetDirectoryName(path) ?? "/", roles);
            groups[group] = groups.GetValueOrDefault(group) + 1;
        }

        return [.. groups.Select(g => WritableLayer.Describe(g.Key, (g.Value, 0, 0), roles)).OrderByDescending(g => g.Files).ThenBy(g => g.Directory, StringComparer.Ordinal)];
    }
}
