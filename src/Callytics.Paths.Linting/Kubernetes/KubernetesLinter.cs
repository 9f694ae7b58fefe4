using Callytics.Paths.Validation;
using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>
/// Lints Kubernetes manifests: every container of every workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
/// Job, CronJob; inside <c>kind: List</c> too) that declares a Callytics variable or <c>CALLYTICS_ROLES</c> is checked
/// for its used roles by the shared rules, then by Kubernetes' own. In three steps, as kube-linter does: the pod
/// template is extracted (<see cref="PodTemplate"/>), each container's environment read (<see cref="ContainerEnvironment"/>)
/// and reduced with its mounts to a <see cref="Workload"/>, then the rules read it (<see cref="RolePathRules"/>,
/// <see cref="KubernetesRules"/>). ConfigMaps and PersistentVolumeClaims in the input resolve references.
/// </summary>
public sealed class KubernetesLinter
{
    private readonly Dictionary<string, (ManifestFile File, YamlNode Data)> _configMaps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, YamlNode> _claims = new(StringComparer.Ordinal);
    private readonly KubernetesDialect _dialect = new();
    private readonly List<Finding> _findings = [];
    private readonly List<Workload> _workloads = [];
    private readonly Dictionary<(string Subject, string? Container), IReadOnlySet<string>> _ignored = [];

    /// <summary>The findings of <paramref name="files"/> (in file order) and how many the annotations silenced.</summary>
    public static (List<Finding> Findings, int Suppressed) Lint(IReadOnlyList<ManifestFile> files)
    {
        var linter = new KubernetesLinter();
        var objects = files.SelectMany(f => f.Documents.SelectMany(d => PodTemplate.Objects(d.RootNode)).Select(o => (File: f, Object: o))).ToList();
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
        List<Finding> kept = [.. linter._findings.Where(f => !linter._ignored.TryGetValue((f.Subject, f.Container), out IReadOnlySet<string>? codes) || !codes.Contains(f.Code))];
        return ([.. kept.Distinct().OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Code, StringComparer.Ordinal)],
            linter._findings.Count - kept.Count);
    }

    private void LintObject(ManifestFile file, YamlNode item)
    {
        if (PodTemplate.Of(item, out YamlNode? unreadable) is not { } pod)
        {
            return;
        }

        if (unreadable is not null)
        {
            _findings.Add(new Finding(SourcePosition.Of(file.DisplayName, unreadable), FindingSeverity.Error, KubernetesRuleSet.Unreadable, new Workload(pod.Subject, null, SourcePosition.Of(file.DisplayName, item)),
                LintMessages.PodTemplateUnreadable(pod.Subject)));
            return;
        }

        foreach (YamlNode container in pod.Containers)
        {
            LintContainer(file, pod, container);
        }
    }

    private void LintContainer(ManifestFile file, PodTemplate pod, YamlNode container)
    {
        YamlNode nameNode = container.Child("name") ?? container;
        YamlNode? readOnlyRoot = container.Child("securityContext").Child("readOnlyRootFilesystem");
        var workload = new Workload(pod.Subject, container.Child("name").Text() ?? "(unnamed)", SourcePosition.Of(file.DisplayName, nameNode))
        {
            ReadOnlyRoot = readOnlyRoot.IsTrue() ? SourcePosition.Of(file.DisplayName, readOnlyRoot!) : null,
        };
        var references = new List<(YamlNode Node, string What)>();
        new ContainerEnvironment(_configMaps).Read(file, container, workload, references);
        foreach (YamlNode mount in container.Child("volumeMounts").Items())
        {
            if (mount.Child("mountPath").Text() is not { } path || !path.StartsWith('/') || mount.Child("name").Text() is not { } name
                || !pod.Volumes.TryGetValue(name, out PodVolume? volume))
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
                    LintMessages.ReferenceMissing(workload.Container, what, pod.Subject)));
            }
        }

        if (!declares && !suggests)
        {
            return;
        }

        _ignored[(workload.Subject, workload.Container)] = pod.Ignored;
        _workloads.Add(workload);
        RolePathRules.Check(workload, _dialect, _findings);
        if (declares)
        {
            new KubernetesRules(_dialect, _claims, _findings).Check(file, workload, pod.Replicas, pod.Spec, container);
        }
    }}
