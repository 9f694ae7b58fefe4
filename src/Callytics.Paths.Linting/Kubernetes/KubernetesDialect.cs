using Callytics.Paths.Configuration;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>How Kubernetes findings are worded: volumeMounts, claims, emptyDirs, <c>readOnly: true</c>.</summary>
internal sealed class KubernetesDialect : LintDialect
{
    /// <summary>The pod volume behind each mount, for the Kubernetes-only rules and the wording.</summary>
    internal Dictionary<WorkloadMount, PodVolume> Volumes { get; } = [];

    internal override string Prefix => "CK";

    internal override string MountsOf(Workload workload) => $"volumeMount of container {workload.Container}";

    internal override string NameUnresolved(string name) => name;

    internal override string UnresolvedWhere => "in the input";

    internal override string ResolveFix(IReadOnlyList<string> unresolved) =>
        $"Lint {string.Join(", ", unresolved)} together with the workload (add its manifest to the input), or set the value in env, to check what the container gets.";

    internal override string DeclareRolesWhere => "env";

    internal override string SingleFileMounted => "mounted (subPath)";

    internal override (string Message, string Fix) NonPersistent(string shown, WorkloadMount mount, string consequence) =>
        ($"{shown} lies on {mount.Source} at {mount.Target}, which is deleted with the pod (when it is deleted or rescheduled): {consequence}." +
            (mount.Storage == MountStorage.MemoryEmptyDir ? " It is medium: Memory, so what is written there also counts against the pod's memory." : string.Empty), KeepFix(mount));

    internal override string AddMount(Workload workload, RoleLayout layout, string path) =>
        $"Add a volumeMount at {path} to container {workload.Container}, backed by a PersistentVolumeClaim{(layout.Role is PathRole.Temp or PathRole.Cache ? " (or an emptyDir, for files you can lose)" : string.Empty)}.";

    internal override string ReadOnlyRootSetting => "readOnlyRootFilesystem: true";

    internal override string ReadOnlyReason(WorkloadMount mount) =>
        mount.Storage == MountStorage.ProjectedData
            ? $"The {mount.Source} at {mount.Target} is always read-only"
            : $"The volumeMount of {mount.Source} at {mount.Target} is read-only";

    internal override string MakeWritable(WorkloadMount mount, string path) =>
        mount.Storage == MountStorage.ProjectedData
            ? $"Mount a writable volume (a PersistentVolumeClaim, or an emptyDir for files you can lose) at {path}, and keep the {mount.Source.Split(' ')[0]} at another path."
            : $"Remove readOnly: true from the volumeMount at {mount.Target}{(Volumes.TryGetValue(mount, out PodVolume? volume) && volume.ClaimReadOnly ? $" and from the persistentVolumeClaim of volume {volume.Name}" : string.Empty)}.";

    internal override string MountDatabase(Workload workload, WorkloadRoles roles, string file)
    {
        string data = roles.Under("data");
        return $"Put it in a mounted directory: a volumeMount at {data} backed by a PersistentVolumeClaim, and {CallyticsPathsVariables.DatabaseUrl}=sqlite:///{data}/{Path.GetFileName(file)}.";
    }

    internal override string MountDatabaseDirectory(WorkloadRoles roles, WorkloadMount mount, string file) =>
        $"Drop subPath: mount the volume's directory (mountPath: {roles.Under("data")}) and point {CallyticsPathsVariables.DatabaseUrl} into it.";

    internal override string AlignMounts(WorkloadMount mount, RoleLayout layout) =>
        $"Mount {mount.Source} at the same path in both containers and give them the same {layout.Variable}.";

    private static string KeepFix(WorkloadMount mount) =>
        $"Back {mount.Target} with a PersistentVolumeClaim (persistentVolumeClaim.claimName, or volumeClaimTemplates in a StatefulSet).";
}
