using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>One volume of a pod template (or a StatefulSet's volumeClaimTemplate), as the rules need it.</summary>
/// <param name="Name">The volume's name.</param>
/// <param name="Storage">What backs it.</param>
/// <param name="Source">How messages name it: <c>claim data</c>, <c>emptyDir cache</c>, <c>hostPath /srv/x</c>, <c>configMap app</c>.</param>
/// <param name="ShareKey">What identifies it across workloads (<c>claim:NAME</c>, <c>hostPath:PATH</c>), or null (per pod).</param>
/// <param name="Claim">The PersistentVolumeClaim's name, for a claim shared by the pods (not a volumeClaimTemplate).</param>
/// <param name="ClaimReadOnly">Whether the pod's persistentVolumeClaim source says <c>readOnly: true</c>.</param>
/// <param name="SizeLimit">An emptyDir's sizeLimit, or null.</param>
/// <param name="Node">The volume's entry, where findings about it point.</param>
internal sealed record PodVolume(string Name, MountStorage Storage, string Source, string? ShareKey, string? Claim, bool ClaimReadOnly, string? SizeLimit, YamlNode Node);
