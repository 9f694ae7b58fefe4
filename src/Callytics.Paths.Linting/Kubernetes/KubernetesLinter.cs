using Callytics.Paths.Validation;
using Callytics.Paths.Configuration;
using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>
/// Lints Kubernetes manifests: every container of every workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
/// Job, CronJob; inside <c>kind: List</c> too) that declares a Callytics variable or <c>CALLYTICS_ROLES</c> is checked
/// for its used roles by the shared rules, then by Kubernetes' own (memory emptyDir, read-only root, shared claims,
/// hostPath as non-root). ConfigMaps and PersistentVolumeClaims in the input resolve references.
/// </summary>
internal sealed class KubernetesLinter
{
    /// <summary>The annotation that silences codes on a workload or its pod template: <c>"CK101,CK120"</c>.</summary>
    internal const string IgnoreAnnotation = "callytics-paths/ignore";

    private static readonly string[] PodSpecOwners = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];

    /// <summary>Volume kinds the kubelet always mounts read-only.</summary>
    private static readonly string[] ProjectedKinds = ["configMap", "secret", "downwardAPI", "projected"];

    private readonly Dictionary<string, (ManifestFile File, YamlNode Data)> _configMaps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, YamlNode> _claims = new(StringComparer.Ordinal);
    private readonly KubernetesDialect _dialect = new();
    private readonly List<Finding> _findings = [];
    private readonly List<Workload> _workloads = [];
    private readonly Dictionary<(string Subject, string? Container), HashSet<string>> _ignored = [];

    /// <summary>The findings of <paramref name="files"/> (in file order) and how many the annotations silenced.</summary>
    internal static (List<Finding> Findings, int Suppressed) Lint(IReadOnlyList<ManifestFile> files)
    {
        var linter = new KubernetesLinter();
        var objects = files.SelectMany(f => f.Documents.SelectMany(d => Objects(d.RootNode)).Select(o => (File: f, Object: o))).ToList();
        foreach ((ManifestFile file, YamlNode item) in objects)
        {
            string? name = item.Child("metadata").Child("name").Text();
            switch (item.Child("kind").Text())
            {
                case "ConfigMap" when name is not null:
                    linter._configMaps[name] = (file, item.Child("data") ?? new YamlMappingNode());
                    break;
                case "PersistentVolumeClaim" when name is not null:
                    linter._claims[name] = item;
                    break;
            }
        }

        foreach ((ManifestFile file, YamlNode item) in objects)
        {
            linter.LintObject(file, item);
        }

        RolePathRules.CheckDisagreements(linter._workloads, linter._dialect, linter._findings);
        List<Finding> kept = [.. linter._findings.Where(f => !linter._ignored.TryGetValue((f.Subject, f.Container), out HashSet<string>? codes) || !codes.Contains(f.Code))];
        return ([.. kept.Distinct().OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Code, StringComparer.Ordinal)],
            linter._findings.Count - kept.Count);
    }

    /// <summary>The objects of one document: itself, or the items of a <c>kind: List</c> (or any <c>*List</c>).</summary>
    private static IEnumerable<YamlNode> Objects(YamlNode root) =>
        root.Child("kind").Text() is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && root.Child("items") is YamlSequenceNode items
            ? items.Children.Where(i => i is YamlMappingNode)
            : root is YamlMappingNode ? [root] : [];

    private void LintObject(ManifestFile file, YamlNode item)
    {
        string? kind = item.Child("kind").Text();
        YamlNode? template = kind switch
        {
            "Pod" => item,
            "CronJob" => item.Child("spec").Child("jobTemplate").Child("spec").Child("template"),
            _ when PodSpecOwners.Contains(kind) => item.Child("spec").Child("template"),
            _ => null,
        };
        if (kind is null || template is null)
        {
            return;
        }

        string subject = $"{kind}/{item.Child("metadata").Child("name").Text() ?? "(unnamed)"}";
        HashSet<string> ignored = Ignored(item, template);
        YamlNode? spec = template.Child("spec");
        long replicas = kind is "Deployment" or "ReplicaSet" ? item.Child("spec").Child("replicas").Integer() ?? 1 : 1;
        if ((NotAList(spec.Child("containers")) ?? NotAList(spec.Child("volumes"))) is { } at)
        {
            _findings.Add(new Finding(SourcePosition.Of(file.DisplayName, at), FindingSeverity.Error, KubernetesRuleSet.Unreadable, new Workload(subject, null, SourcePosition.Of(file.DisplayName, item)),
                $"The pod template of {subject} cannot be read: its containers and volumes must be lists.", "Fix the manifest so that `kubectl apply --dry-run=client` accepts it."));
            return;
        }

        Dictionary<string, PodVolume> volumes = Volumes(item, spec);
        foreach (YamlNode container in spec.Child("initContainers").Items().Concat(spec.Child("containers").Items()))
        {
            LintContainer(file, subject, replicas, spec, container, volumes, ignored);
        }
    }

    /// <summary>The node when it is there but not a list (YAML's null reads as absent), else null.</summary>
    private static YamlNode? NotAList(YamlNode? node) =>
        node is null or YamlSequenceNode || (node is YamlScalarNode && node.Text() is null) ? null : node;

    private static HashSet<string> Ignored(YamlNode item, YamlNode template)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlNode metadata in new[] { item.Child("metadata"), template.Child("metadata") }.OfType<YamlNode>())
        {
            foreach (string code in (metadata.Child("annotations").Child(IgnoreAnnotation).Text() ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    private static Dictionary<string, PodVolume> Volumes(YamlNode item, YamlNode? spec)
    {
        var volumes = new Dictionary<string, PodVolume>(StringComparer.Ordinal);
        foreach (YamlNode volume in spec.Child("volumes").Items())
        {
            if (volume.Child("name").Text() is not { } name)
            {
                continue;
            }

            PodVolume? read = volume switch
            {
                _ when volume.Child("persistentVolumeClaim") is { } claim => new PodVolume(name, MountStorage.Volume, $"claim {claim.Child("claimName").Text()}",
                    $"claim:{claim.Child("claimName").Text()}", claim.Child("claimName").Text(), claim.Child("readOnly").IsTrue(), null, volume),
                _ when volume.Child("emptyDir") is { } emptyDir => new PodVolume(name,
                    emptyDir.Child("medium").Text() == "Memory" ? MountStorage.MemoryEmptyDir : MountStorage.EmptyDir,
                    $"{(emptyDir.Child("medium").Text() == "Memory" ? "the memory emptyDir" : "the emptyDir")} {name}", null, null, false, emptyDir.Child("sizeLimit").Text(), volume),
                _ when volume.Child("hostPath").Child("path").Text() is { } host => new PodVolume(name, MountStorage.HostPath, $"hostPath {host}",
                    $"hostPath:{Workload.Normalize(host)}", null, false, null, volume),
                _ when Array.Find(ProjectedKinds, k => volume.Child(k) is not null) is { } projected =>
                    new PodVolume(name, MountStorage.ProjectedData, $"{projected} volume {name}", null, null, false, null, volume),
                _ => new PodVolume(name, MountStorage.Other, $"volume {name}", null, null, false, null, volume),
            };
            volumes[name] = read;
        }

        // A StatefulSet's claim templates give each pod its own claim: persistent, shared with no other pod.
        foreach (YamlNode claim in item.Child("spec").Child("volumeClaimTemplates").Items())
        {
            if (claim.Child("metadata").Child("name").Text() is { } name)
            {
                volumes[name] = new PodVolume(name, MountStorage.Volume, $"volumeClaimTemplate {name}", null, null, false, null, claim);
            }
        }

        return volumes;
    }

    private void LintContainer(ManifestFile file, string subject, long replicas, YamlNode? spec, YamlNode container, Dictionary<string, PodVolume> volumes, HashSet<string> ignored)
    {
        YamlNode nameNode = container.Child("name") ?? container;
        YamlNode? readOnlyRoot = container.Child("securityContext").Child("readOnlyRootFilesystem");
        var workload = new Workload(subject, container.Child("name").Text() ?? "(unnamed)", SourcePosition.Of(file.DisplayName, nameNode))
        {
            ReadOnlyRoot = readOnlyRoot.IsTrue() ? SourcePosition.Of(file.DisplayName, readOnlyRoot!) : null,
        };
        var references = new List<(YamlNode Node, string What)>();
        ReadEnvironment(file, container, workload, references);
        foreach (YamlNode mount in container.Child("volumeMounts").Items())
        {
            if (mount.Child("mountPath").Text() is not { } path || !path.StartsWith('/') || mount.Child("name").Text() is not { } name
                || !volumes.TryGetValue(name, out PodVolume? volume))
            {
                continue;
            }

            string target = Workload.Normalize(path);
            bool readOnly = mount.Child("readOnly").IsTrue() || volume.ClaimReadOnly || volume.Storage == MountStorage.ProjectedData;
            var workloadMount = new WorkloadMount(target, volume.Storage, readOnly, SourcePosition.Of(file.DisplayName, mount.Child("mountPath")!), volume.Source, volume.ShareKey);
            workload.Mounts[target] = workloadMount;
            _dialect.Volumes[workloadMount] = volume;
        }

        bool declares = WorkloadRoles.DeclaresAny(workload);
        bool suggests = !declares && WorkloadRoles.Of(workload).SuggestedFromMounts().Count > 0;
        foreach ((YamlNode node, string what) in references)
        {
            if (what.StartsWith("configMap", StringComparison.Ordinal) || declares)
            {
                _findings.Add(new Finding(SourcePosition.Of(file.DisplayName, node), FindingSeverity.Information, KubernetesRuleSet.ReferenceMissing, workload,
                    $"Container {workload.Container} takes its environment from {what}, which is not in the input: the Callytics variables it may hold could not be checked.",
                    $"Lint the {what.Split(' ')[0]} together with {subject} (add its manifest to the input)."));
            }
        }

        if (!declares && !suggests)
        {
            return;
        }

        _ignored[(workload.Subject, workload.Container)] = ignored;
        _workloads.Add(workload);
        RolePathRules.Check(workload, _dialect, _findings);
        if (declares)
        {
            LintKubernetes(file, workload, replicas, spec, container);
        }
    }

    /// <summary>
    /// The container's environment as the kubelet builds it: <c>envFrom</c> in order (with its prefix), then <c>env</c>
    /// in order, later entries winning, <c>$(VAR)</c> expanded from what is already defined. ConfigMaps in the input
    /// are resolved; anything else (a Secret, a field, a ConfigMap not in the input) leaves the value unknown.
    /// </summary>
    private void ReadEnvironment(ManifestFile file, YamlNode container, Workload workload, List<(YamlNode Node, string What)> references)
    {
        foreach (YamlNode source in container.Child("envFrom").Items())
        {
            string prefix = source.Child("prefix").Text() ?? string.Empty;
            if (source.Child("configMapRef").Child("name").Text() is { } map)
            {
                if (_configMaps.TryGetValue(map, out (ManifestFile File, YamlNode Data) found))
                {
                    foreach ((YamlNode key, YamlNode value) in found.Data.Entries())
                    {
                        if (key.Text() is { } name)
                        {
                            string? text = value.Text() ?? string.Empty;
                            workload.Variables[prefix + name] = new WorkloadVariable(prefix + name, text, text, SourcePosition.Of(found.File.DisplayName, value), [], null);
                        }
                    }
                }
                else
                {
                    references.Add((source, $"configMap {map}"));
                }
            }
            else if (source.Child("secretRef").Child("name").Text() is { } secret)
            {
                references.Add((source, $"secret {secret}"));
            }
        }

        foreach (YamlNode entry in container.Child("env").Items())
        {
            if (entry.Child("name").Text() is not { } name)
            {
                continue;
            }

            YamlNode at = entry.Child("value") ?? entry.Child("valueFrom") ?? entry;
            SourcePosition position = SourcePosition.Of(file.DisplayName, at);
            if (entry.Child("valueFrom") is { } from)
            {
                (string? value, string? unresolved, SourcePosition? there) = from switch
                {
                    _ when from.Child("configMapKeyRef") is { } reference => ConfigMapValue(reference),
                    _ when from.Child("secretKeyRef") is { } reference => (null, $"secret {reference.Child("name").Text()} key {reference.Child("key").Text()}", null),
                    _ when from.Child("fieldRef").Child("fieldPath").Text() is { } field => (null, $"field {field}", null),
                    _ => (null, "a valueFrom source", null),
                };

                // A value resolved from a ConfigMap is reported where it is written: in the ConfigMap.
                workload.Variables[name] = new WorkloadVariable(name, value, value ?? $"valueFrom {unresolved}", there ?? position, unresolved is null ? [] : [unresolved], null);
                continue;
            }

            string written = entry.Child("value").Text() ?? string.Empty;
            workload.Variables[name] = new WorkloadVariable(name, Expand(written, workload, name, position), written, position, [], null);
        }
    }

    private (string? Value, string? Unresolved, SourcePosition? Position) ConfigMapValue(YamlNode reference)
    {
        string? map = reference.Child("name").Text();
        string? key = reference.Child("key").Text();
        return map is not null && key is not null && _configMaps.TryGetValue(map, out (ManifestFile File, YamlNode Data) found)
            ? found.Data.Child(key) is { } node && node.Text() is { } value
                ? (value, null, SourcePosition.Of(found.File.DisplayName, node))
                : (null, $"configMap {map} key {key} (not in it)", null)
            : (null, $"configMap {map} key {key}", null);
    }

    /// <summary><c>$(VAR)</c> references to variables defined before it are expanded; <c>$$(VAR)</c> is a literal <c>$(VAR)</c>; the rest is kept as written, as the kubelet does.</summary>
    /// <summary>
    /// The longest value a <c>$(VAR)</c> expansion may reach: Linux refuses a longer environment string in execve
    /// (MAX_ARG_STRLEN, 32 pages), so such a container could never start, and a chain of <c>$(Vi-1)$(Vi-1)</c> would
    /// otherwise double with each variable.
    /// </summary>
    internal const int MaxExpandedLength = 128 * 1024;

    private static string Expand(string text, Workload workload, string name, SourcePosition position)
    {
        if (!text.Contains("$(", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new System.Text.StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' && text.IndexOf(')', i) is int close and > 0
                && workload.Variables.GetValueOrDefault(text[(i + 2)..close])?.Value is { } value)
            {
                if (result.Length + value.Length > MaxExpandedLength)
                {
                    throw new ManifestReadException(position.File, position.Line, position.Column,
                        $"{name} expands to more than {MaxExpandedLength} characters through $(VAR) references: refused (no container could start with it; Linux limits one environment string to 128 KiB)");
                }

                result.Append(value);
                i = close;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>The rules Kubernetes adds: memory emptyDir, shared claims, hostPath as non-root.</summary>
    private void LintKubernetes(ManifestFile file, Workload workload, long replicas, YamlNode? spec, YamlNode container)
    {
        WorkloadRoles roles = WorkloadRoles.Of(workload);
        long? user = container.Child("securityContext").Child("runAsUser").Integer() ?? spec.Child("securityContext").Child("runAsUser").Integer();
        bool nonRoot = user is > 0 || (user is null && (container.Child("securityContext").Child("runAsNonRoot").IsTrue() || spec.Child("securityContext").Child("runAsNonRoot").IsTrue()));
        var reported = new HashSet<(string, WorkloadMount)>();
        foreach ((PathRole role, WorkloadVariable variable, string path, bool writes) in RolePathRules.ResolvedPaths(workload, roles))
        {
            string shown = role == PathRole.Database ? $"the database {path}" : $"{variable.Name}={path}";
            WorkloadMount? holder = workload.Holder(path);
            if (holder is null)
            {
                continue; // a role in no volumeMount, under a read-only root or not, is the shared rules' (RolePathRules)
            }

            PodVolume volume = _dialect.Volumes[holder];
            if (holder.Storage == MountStorage.MemoryEmptyDir && volume.SizeLimit is null && reported.Add((KubernetesRuleSet.MemoryEmptyDir, holder)))
            {
                _findings.Add(new Finding(SourcePosition.Of(file.DisplayName, volume.Node), FindingSeverity.Warning, KubernetesRuleSet.MemoryEmptyDir, workload,
                    $"{shown} lies on {volume.Source} (medium: Memory) with no sizeLimit: what the service writes there counts against container {workload.Container}'s memory limit, with nothing to stop it first.",
                    $"Give the emptyDir {volume.Name} a sizeLimit (for example sizeLimit: 512Mi), or drop medium: Memory."));
            }

            if (role == PathRole.Database && volume.Claim is { } claim)
            {
                bool shared = _claims.TryGetValue(claim, out YamlNode? claimObject)
                    && claimObject.Child("spec").Child("accessModes").Items().Any(m => m.Text() == "ReadWriteMany");
                if (shared || replicas > 1)
                {
                    _findings.Add(new Finding(holder.Position, FindingSeverity.Warning, KubernetesRuleSet.SharedClaim, workload,
                        shared
                            ? $"The database {path} lies on claim {claim}, which is ReadWriteMany: SQLite over a network filesystem loses its locking guarantees, and several pods may write at once."
                            : $"The database {path} lies on claim {claim}, shared by {replicas} replicas of {workload.Subject}: several SQLite writers on one file, likely over a network filesystem.",
                        "Run one replica against a ReadWriteOnce claim (a StatefulSet with volumeClaimTemplates gives each pod its own), or move the data to a database server."));
                }
            }

            if (writes && holder.Storage == MountStorage.HostPath && nonRoot && reported.Add((KubernetesRuleSet.HostPathNonRoot, holder)))
            {
                _findings.Add(new Finding(holder.Position, FindingSeverity.Warning, KubernetesRuleSet.HostPathNonRoot, workload,
                    $"{shown} lies on {volume.Source}, written by container {workload.Container} running as non-root{(user is > 0 ? $" (uid {user})" : string.Empty)}: fsGroup does not apply to hostPath, so the folder keeps its owner on the node and the writes may fail with EACCES.",
                    $"Either add an initContainer that runs as root and chowns {volume.Source.Split(' ', 2)[1]} to the service's user, or set runAsUser to the uid that owns the folder on the node."));
            }
        }
    }
}
