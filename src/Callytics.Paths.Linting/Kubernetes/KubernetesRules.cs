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
            string shown = LintMessages.Shown(role == PathRole.Database ? null : variable.Name, path);
            WorkloadMount? holder = workload.Holder(path);
            if (holder is null)
            {
                continue; // a role in no volumeMount, under a read-only root or not, is the shared rules' (RolePathRules)
            }

            PodVolume volume = dialect.Volumes[holder];
            if (holder.Storage == MountStorage.MemoryEmptyDir && volume.SizeLimit is null && reported.Add((KubernetesRuleSet.MemoryEmptyDir, holder)))
            {
                findings.Add(new Finding(SourcePosition.Of(file.DisplayName, volume.Node), FindingSeverity.Warning, KubernetesRuleSet.MemoryEmptyDir, workload,
                    LintMessages.MemoryEmptyDirUnbounded(shown, volume.Source, workload.Container, volume.Name)));
            }

            if (role == PathRole.Database && volume.Claim is { } claim)
            {
                bool shared = claims.TryGetValue(claim, out YamlNode? claimObject)
                    && claimObject.Child("spec").Child("accessModes").Items().Any(m => m.Text() == "ReadWriteMany");
                if (shared || replicas > 1)
                {
                    findings.Add(new Finding(holder.Position, FindingSeverity.Warning, KubernetesRuleSet.SharedClaim, workload,
                        LintMessages.SharedClaim(path, claim, shared, replicas, workload.Subject)));
                }
            }

            // Warning, not error: nothing is lost, but each start waits for a recursive chown of the whole claim
            // (kubernetes/kubernetes#69699), minutes on a large volume, past a startup probe's patience.
            if (fsGroupChangesEveryStart && holder.Storage == MountStorage.Volume) // a claim, or a StatefulSet's volumeClaimTemplate
            {
                if (reported.Add((KubernetesRuleSet.FsGroupWithoutChangePolicy, holder)))
                {
                    findings.Add(new Finding(SourcePosition.Of(file.DisplayName, fsGroup!), FindingSeverity.Warning, KubernetesRuleSet.FsGroupWithoutChangePolicy, workload,
                        LintMessages.FsGroupWithoutChangePolicy(fsGroup!.Text(), volume.Source, holder.Target, shown)));
                }
            }

            if (writes && holder.Storage == MountStorage.HostPath && nonRoot && reported.Add((KubernetesRuleSet.HostPathNonRoot, holder)))
            {
                findings.Add(new Finding(holder.Position, FindingSeverity.Warning, KubernetesRuleSet.HostPathNonRoot, workload,
                    LintMessages.HostPathNonRoot(shown, volume.Source, workload.Container, user)));
            }
        }
    }
}
