using Callytics.Paths.Configuration;

namespace Callytics.Paths.Linting;

/// <summary>
/// How one file format names things: its rule-code prefix, what its mounts are called, and how each fix is written.
/// The rules decide what is wrong once (<see cref="RolePathRules"/>); a dialect only words it.
/// </summary>
public abstract class LintDialect
{
    /// <summary>The code prefix: <c>CC</c> (compose) or <c>CK</c> (Kubernetes); shared rules keep their number.</summary>
    internal abstract string Prefix { get; }

    /// <summary>Where the workload's mounts are listed, for messages: "volume of api", "volumeMount of container app".</summary>
    internal abstract string MountsOf(Workload workload);

    /// <summary>
    /// A role on a mount that does not persist (<paramref name="shown"/> is <c>TEMP_DIR=/app/temp</c> or <c>The
    /// database /app/x.sqlite</c>): the message, ending with the rule's <paramref name="consequence"/>, and the fix.
    /// </summary>
    internal abstract (string Message, string Fix) NonPersistent(string shown, WorkloadMount mount, string consequence);

    /// <summary>The fix for a role directory in no mount.</summary>
    internal abstract string AddMount(Workload workload, RoleLayout layout, string path);

    /// <summary>Why <paramref name="mount"/> is read-only, as a sentence start: "The volume at /app/data is read-only".</summary>
    internal abstract string ReadOnlyReason(WorkloadMount mount);

    /// <summary>The setting that makes a workload's root filesystem read-only, as the format writes it.</summary>
    internal abstract string ReadOnlyRootSetting { get; }

    /// <summary>The fix for a written role on a read-only mount.</summary>
    internal abstract string MakeWritable(WorkloadMount mount, string path);

    /// <summary>The fix for a database in no mount: a mounted data directory and the URL into it.</summary>
    internal abstract string MountDatabase(Workload workload, WorkloadRoles roles, string file);

    /// <summary>The fix for a database mounted as a single file.</summary>
    internal abstract string MountDatabaseDirectory(WorkloadRoles roles, WorkloadMount mount, string file);

    /// <summary>The fix for two workloads that mount one storage at different paths.</summary>
    internal abstract string AlignMounts(WorkloadMount mount, RoleLayout layout);

    /// <summary>Format-specific checks of a database mounted as a single file (compose: the host file must exist).</summary>
    internal virtual void OnSingleFileDatabase(Workload workload, WorkloadMount mount, List<Finding> findings)
    {
    }

    /// <summary>How something a value depends on and could not be resolved is named: <c>$TEMP</c>, <c>configMap app-env</c>.</summary>
    internal abstract string NameUnresolved(string name);

    /// <summary>Where what a value depends on was looked for: "set here", "in the input".</summary>
    internal abstract string UnresolvedWhere { get; }

    /// <summary>The fix for a value that depends on something unresolved.</summary>
    internal abstract string ResolveFix(IReadOnlyList<string> unresolved);

    /// <summary>Where <c>CALLYTICS_ROLES</c> is added, as the end of a sentence.</summary>
    internal abstract string DeclareRolesWhere { get; }

    /// <summary>How a single-file mount is made: "bind-mounted", "mounted (subPath)".</summary>
    internal abstract string SingleFileMounted { get; }

    /// <summary>The code of shared rule <paramref name="number"/> in this format.</summary>
    internal string Code(int number) => Prefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
