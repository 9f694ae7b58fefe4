using Callytics.Paths.Configuration;
using Callytics.Paths.Validation;
using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>
/// The rules only Kubernetes has, read after the shared ones (<see cref="RolePathRules"/>): a memory emptyDir with no
/// sizeLimit (CK120), the database on a claim several writers share (CK122), a written hostPath as non-root (CK123),
/// fsGroup on a claim at a role path with no fsGroupChangePolicy (CK124).
/// </summary>
internal sealed class KubernetesRules(KubernetesDialect dialect, IReadOnlyDictionary<string, YamlNode> claims, List<Finding> findings)
{
    /// <summary>Checks one container of <paramref name="workload"/>'s pod (<paramref name="spec"/>), adding what it finds.</summary>
    internal void Check(ManifestFile file, Workload workload, long replicas, YamlNode? spec, YamlNode container)
    {
        WorkloadRoles roles = WorkloadRoles.Of(workload);
        long? user = container.Child("securityContext").Child("runAsUser").Integer() ?? spec.Child("securityContext").Child("runAsUser").Integer();
        bool nonRoot = user is > 0 || (user is null && (container.Child("securityContext").Child("runAsNonRoot").IsTrue() || spec.Child("securityContext").Child("runAsNonRoot").IsTrue()));
        var reported = new HashSet<(string, WorkloadMount)>();
        YamlNode? fsGroup = spec.Child("securityContext").Child("fsGroup");
        bool fsGroupChangesEveryStart = fsGroup is not null && spec.Child("securityContext").Child("fsGroupChangePolicy") is null;
        foreach ((PathRole role, WorkloadVariable variable, string path, bool writes) in RolePathRules.ResolvedPaths(workload, roles))
        {
            string shown = role == PathRole.Database ? $"the database {path}" : $"{variable.Name}={path}";
            WorkloadMount? holder = workload.Holder(path);
            if (holder is null)
            {
                continue; // a role in no volumeMount, under a read-only root or not, is the shared rules' (RolePathRules)
            }

            PodVolume volume = dialect.Volumes[holder];
            if (holder.Storage == MountStorage.MemoryEmptyDir && volume.SizeLimit is null && reported.Add((KubernetesRuleSet.MemoryEmptyDir, holder)))
            {
                findings.Add(new Finding(SourcePosition.Of(file.DisplayName, volume.Node), FindingSeverity.Warning, KubernetesRuleSet.MemoryEmptyDir, workload,
                    $"{shown} lies on {volume.Source} (medium: Memory) with no sizeLimit: what the service writes there counts against container {workload.Container}'s memory limit, with nothing to stop it first.",
                    $"Give the emptyDir {volume.Name} a sizeLimit (for example sizeLimit: 512Mi), or drop medium: Memory."));
            }

            if (role == PathRole.Database && volume.Claim is { } claim)
            {
                bool shared = claims.TryGetValue(claim, out YamlNode? claimObject)
                    && claimObject.Child("spec").Child("accessModes").Items().Any(m => m.Text() == "ReadWriteMany");
                if (shared || replicas > 1)
                {
                    findings.Add(new Finding(holder.Position, FindingSeverity.Warning, KubernetesRuleSet.SharedClaim, workload,
                        shared
                            ? $"The database {path} lies on claim {claim}, which is ReadWriteMany: SQLite over a network filesystem loses its locking guarantees, and several pods may write at once."
                            : $"The database {path} lies on claim {claim}, shared by {replicas} replicas of {workload.Subject}: several SQLite writers on one file, likely over a network filesystem.",
                        "Run one replica against a ReadWriteOnce claim (a StatefulSet with volumeClaimTemplates gives each pod its own), or move the data to a database server."));
                }
            }

            // Warning, not error: nothing is lost, but each start waits for a recursive chown of the whole claim
            // (kubernetes/kubernetes#69699), minutes on a large volume, past a startup probe's patience.
            if (fsGroupChangesEveryStart && holder.Storage == MountStorage.Volume) // a claim, or a StatefulSet's volumeClaimTemplate
            {
                if (reported.Add((KubernetesRuleSet.FsGroupWithoutChangePolicy, holder)))
                {
                    findings.Add(new Finding(SourcePosition.Of(file.DisplayName, fsGroup!), FindingSeverity.Warning, KubernetesRuleSet.FsGroupWithoutChangePolicy, workload,
                        $"The pod sets fsGroup: {fsGroup!.Text()} and mounts {volume.Source} at {holder.Target} ({shown}) with no fsGroupChangePolicy: at every start the kubelet changes the group of every file on the volume, which takes minutes on a large one.",
                        "Add fsGroupChangePolicy: OnRootMismatch beside fsGroup in the pod's securityContext: the volume is then walked only when its root's group or mode is not already right."));
                }
            }

            if (writes && holder.Storage == MountStorage.HostPath && nonRoot && reported.Add((KubernetesRuleSet.HostPathNonRoot, holder)))
            {
                findings.Add(new Finding(holder.Position, FindingSeverity.Warning, KubernetesRuleSet.HostPathNonRoot, workload,
                    $"{shown} lies on {volume.Source}, written by container {workload.Container} running as non-root{(user is > 0 ? $" (uid {user})" : string.Empty)}: fsGroup does not apply to hostPath, so the folder keeps its owner on the node and the writes may fail with EACCES.",
                    $"Either add an initContainer that runs as root and chowns {volume.Source.Split(' ', 2)[1]} to the service's user, or set runAsUser to the uid that owns the folder on the node."));
            }
        }
    }
}
