using Callytics.Paths.Validation;
using Callytics.Paths.Configuration;

namespace Callytics.Paths.Linting.Compose;

/// <summary>How compose findings are worded: volumes, <c>:ro</c>, <c>./data:/app/data</c>.</summary>
public sealed class ComposeDialect : LintDialect
{
    /// <summary>The compose volume behind each mount of the workloads linted with this dialect.</summary>
    internal Dictionary<WorkloadMount, ServiceVolume> Volumes { get; } = [];

    internal override string Prefix => "CC";

    internal override string MountsOf(Workload workload) => $"volume of {workload.Subject}";

    internal override string NameUnresolved(string name) => "$" + name;

    internal override string UnresolvedWhere => "set here";

    internal override string ResolveFix(IReadOnlyList<string> unresolved) =>
        $"Set {string.Join(", ", unresolved)} in the environment or the .env file beside the compose file to lint the value the service gets.";

    internal override string DeclareRolesWhere => "environment (`callytics-paths compose fix` does)";

    internal override string SingleFileMounted => "bind-mounted";

    internal override (string Message, string Fix) NonPersistent(string shown, WorkloadMount mount, string consequence) =>
        ($"{shown} lies inside the tmpfs {mount.Target}: mounted, but not persistent (emptied when the container stops); {consequence}.",
         $"Mount a host directory or a named volume at {mount.Target} instead of tmpfs.");

    internal override string AddMount(Workload workload, RoleLayout layout, string path) =>
        $"Add `- ./{layout.DefaultName}:{path}` to the volumes of {workload.Subject}.";

    internal override string ReadOnlyReason(WorkloadMount mount) => $"The volume at {mount.Target} is read-only";

    internal override string ReadOnlyRootSetting => "read_only: true";

    internal override string MakeWritable(WorkloadMount mount, string path) => $"Drop ':ro' (or 'read_only: true') from the volume at {mount.Target}.";

    internal override string MountDatabase(Workload workload, WorkloadRoles roles, string file)
    {
        string data = roles.Under("data");
        return $"Put it in a mounted directory (`- ./data:{data}` and {CallyticsPathsVariables.DatabaseUrl}=sqlite:///{data}/{Path.GetFileName(file)}).";
    }

    internal override string MountDatabaseDirectory(WorkloadRoles roles, WorkloadMount mount, string file) =>
        $"Mount its directory instead (`- ./data:{roles.Under("data")}`) and point {CallyticsPathsVariables.DatabaseUrl} into it.";

    internal override string AlignMounts(WorkloadMount mount, RoleLayout layout) =>
        $"Mount {mount.Source} at the same container path in both services and give them the same {layout.Variable}.";

    /// <summary>
    /// A single-file bind whose host file is missing: Docker creates a directory there (CC107), which SQLite cannot open.
    /// </summary>
    internal override void OnSingleFileDatabase(Workload workload, WorkloadMount mount, List<Finding> findings)
    {
        if (!Volumes.TryGetValue(mount, out ServiceVolume? volume) || volume.Spec.Type != "bind" || volume.HostPath is not { } host || File.Exists(host))
        {
            return;
        }

        findings.Add(new Finding(mount.Position, FindingSeverity.Error, ComposeRuleSet.BindSourceMissing, workload,
            LintMessages.BindSourceMissing(volume.Spec.Source!, Directory.Exists(host))));
    }
}
