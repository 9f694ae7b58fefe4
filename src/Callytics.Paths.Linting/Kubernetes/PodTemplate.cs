using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>
/// One workload's pod template, reduced to what the rules read, whatever kind holds it (Pod, Deployment, StatefulSet,
/// DaemonSet, ReplicaSet, Job, CronJob): its subject (<c>Kind/name</c>), its spec and containers, its replicas, its
/// volumes by name, and the codes its annotations silence. The extraction step of <see cref="KubernetesLinter"/>.
/// </summary>
internal sealed class PodTemplate
{
    /// <summary>The annotation that silences codes on a workload or its pod template: <c>"CK101,CK120"</c>.</summary>
    internal const string IgnoreAnnotation = "callytics-paths/ignore";

    private static readonly string[] PodSpecOwners = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];

    /// <summary>Volume kinds the kubelet always mounts read-only.</summary>
    private static readonly string[] ProjectedKinds = ["configMap", "secret", "downwardAPI", "projected"];

    private PodTemplate(string subject, YamlNode? spec, long replicas, HashSet<string> ignored, Dictionary<string, PodVolume> volumes)
    {
        Subject = subject;
        Spec = spec;
        Replicas = replicas;
        Ignored = ignored;
        Volumes = volumes;
    }

    /// <summary>The workload: <c>Deployment/api</c>.</summary>
    internal string Subject { get; }

    /// <summary>The pod spec.</summary>
    internal YamlNode? Spec { get; }

    /// <summary>How many pods share the spec's claims: a Deployment's or ReplicaSet's replicas, else 1.</summary>
    internal long Replicas { get; }

    /// <summary>The codes the workload's or the template's annotation silences.</summary>
    internal IReadOnlySet<string> Ignored { get; }

    /// <summary>The pod's volumes by name, the StatefulSet's claim templates included.</summary>
    internal Dictionary<string, PodVolume> Volumes { get; }

    /// <summary>The init containers, then the containers.</summary>
    internal IEnumerable<YamlNode> Containers => Spec.Child("initContainers").Items().Concat(Spec.Child("containers").Items());

    /// <summary>The objects of one document: itself, or the items of a <c>kind: List</c> (or any <c>*List</c>).</summary>
    internal static IEnumerable<YamlNode> Objects(YamlNode root) =>
        root.Child("kind").Text() is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && root.Child("items") is YamlSequenceNode items
            ? items.Children.Where(i => i is YamlMappingNode)
            : root is YamlMappingNode ? [root] : [];

    /// <summary>
    /// The pod template of <paramref name="item"/>, or null when it holds none. <paramref name="unreadable"/> is the
    /// node that makes it unreadable (containers or volumes that are not lists), with a template of no containers.
    /// </summary>
    internal static PodTemplate? Of(YamlNode item, out YamlNode? unreadable)
    {
        unreadable = null;
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
            return null;
        }

        string subject = $"{kind}/{item.Child("metadata").Child("name").Text() ?? "(unnamed)"}";
        YamlNode? spec = template.Child("spec");
        long replicas = kind is "Deployment" or "ReplicaSet" ? item.Child("spec").Child("replicas").Integer() ?? 1 : 1;
        unreadable = NotAList(spec.Child("containers")) ?? NotAList(spec.Child("volumes"));
        return unreadable is not null
            ? new PodTemplate(subject, null, replicas, [], new Dictionary<string, PodVolume>(StringComparer.Ordinal))
            : new PodTemplate(subject, spec, replicas, SilencedCodes(item, template), ReadVolumes(item, spec));
    }

    /// <summary>The node when it is there but not a list (YAML's null reads as absent), else null.</summary>
    private static YamlNode? NotAList(YamlNode? node) =>
        node is null or YamlSequenceNode || (node is YamlScalarNode && node.Text() is null) ? null : node;

    private static HashSet<string> SilencedCodes(YamlNode item, YamlNode template)
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

    private static Dictionary<string, PodVolume> ReadVolumes(YamlNode item, YamlNode? spec)
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
}
