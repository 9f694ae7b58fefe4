using System.Globalization;
using System.Text.Json;
using System.Text;
using Callytics.Paths.Configuration;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Mounts;
using Callytics.Paths.Rules;
using Callytics.Paths.Tests.Linting.Compose;
using Callytics.Paths.Tests.Linting.Kubernetes;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Rules;

/// <summary>
/// One layout, three readers, one verdict: a running container's mount table (the runtime's volume rules), a compose
/// file and a Kubernetes manifest describing the same mounts must fire the same catalogue rules for every role, with
/// the same severity. A compose tmpfs and a Kubernetes emptyDir are different storage (one is emptied on every
/// restart, the other lives as long as the pod), so each is compared with the mount table it really produces.
/// </summary>
public class PathRuleAgreementTests
{
    public static TheoryData<AgreementLayout> Layouts() => [.. AgreementLayouts.All];

    public static TheoryData<AgreementLayout> ContainerLayouts() => [.. AgreementLayouts.InContainers];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_runtime_compose_and_kubernetes_fire_the_same_rules_with_the_same_severity(AgreementLayout layout)
    {
        HashSet<string> runtime = AgreementLayouts.Compared(Runtime(layout.Variables, layout.Roles, layout.Mounts, layout.ReadOnlyRoot));
        runtime.Should().HaveCount(layout.Verdicts, $"the catalogue's verdicts on \"{layout}\": {string.Join(", ", runtime)}");

        if (!layout.Mounts.Any(m => m.Backing == Backing.EmptyDir))
        {
            Compose(layout).Should().BeEquivalentTo(runtime, $"compose reads \"{layout}\" as a running container does");
        }

        if (!layout.Mounts.Any(m => m.Backing == Backing.Tmpfs))
        {
            Kubernetes(layout).Should().BeEquivalentTo(runtime, $"Kubernetes reads \"{layout}\" as a running pod does");
        }
    }

    /// <summary>
    /// The same layouts in a real container filesystem (<see cref="ContainerSandbox"/>: an overlay root, bind mounts,
    /// tmpfs, a single-file bind, the root remounted read-only), read by the tool's <c>check --json</c> from the
    /// container's own mount table: the verdicts are the saved tables', so the parsed tables above stand for the kernel.
    /// </summary>
    [RootTheory("unshare", "mount", "chroot")]
    [MemberData(nameof(ContainerLayouts))]
    public void A_real_container_fires_what_its_mount_table_fires(AgreementLayout layout)
    {
        using var sandbox = new ContainerSandbox();
        foreach ((string name, string value) in layout.Variables)
        {
            sandbox.Set(name, value);
        }

        sandbox.Set(CallyticsPathsVariables.Roles, layout.Roles);
        foreach ((string target, Backing backing) in layout.Mounts)
        {
            _ = backing switch
            {
                Backing.Tmpfs => sandbox.Tmpfs(target),
                Backing.ReadOnlyPersistent => sandbox.Bind(target, readOnly: true),
                Backing.SingleFile => sandbox.BindFile(target),
                _ => sandbox.Bind(target),
            };
        }

        if (layout.ReadOnlyRoot)
        {
            sandbox.Shell("mount -o remount,ro root");
        }

        ProcessResult run = sandbox.Tool("check", "--json").Run();

        run.ExitCode.Should().BeOneOf([0, 1], run.ToString());
        AgreementLayouts.Compared(AgreementLayouts.CheckVerdicts(run.StandardOutput)).Should().BeEquivalentTo(
                AgreementLayouts.Compared(Runtime(layout.Variables, layout.Roles, layout.Mounts, layout.ReadOnlyRoot)), $"the container's own table reads \"{layout}\" as the saved one does:\n{run.StandardOutput}")
            .And.HaveCount(layout.Verdicts);
    }

    [Fact]
    public void Each_layout_fires_what_the_catalogue_says()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["TEMP_DIR"] = "/app/.temp", ["CACHE_DIR"] = "/app/.cache", ["LOG_DIR"] = "/app/logs" };
        Runtime(variables, "temp,cache,logs", [("/app/temp", Backing.Persistent), ("/app/logs", Backing.Tmpfs)], readOnlyRoot: false).Should().BeEquivalentTo(
            ["temp RoleDirectoryNotMounted Error", "cache RoleDirectoryNotMounted Warning", "logs RoleOnNonPersistentMount Warning"]);
        Runtime(variables, "temp,cache,logs", [("/app/.temp", Backing.Tmpfs), ("/app/.cache", Backing.EmptyDir), ("/app/logs", Backing.Persistent)], readOnlyRoot: false)
            .Should().BeEmpty("temp may be lost, and a cache on an emptyDir survives the container's restarts");
        Runtime(variables, "temp,cache,logs", [], readOnlyRoot: true).Should().BeEquivalentTo(
            ["temp WritingRoleOnReadOnlyMount Error", "cache WritingRoleOnReadOnlyMount Error", "logs WritingRoleOnReadOnlyMount Error"],
            "under a read-only root the write is refused, not lost");

        (PathRuleCatalog.NotOnVolume.ImpactFor(PathRole.Temp), PathRuleCatalog.NotOnVolume.ImpactFor(PathRole.Cache), PathRuleCatalog.NotOnVolume.ImpactFor(PathRole.Audio))
            .Should().Be((PathImpact.DataLoss, PathImpact.Slowness, PathImpact.HostInputHidden), "the severity follows what is at stake");
        PathRuleCatalog.ReadOnlyMount.ImpactFor(PathRole.Logs).Should().Be(PathImpact.WriteRefused);
    }

    /// <summary>
    /// What the runtime says, on the mount table the layout produces, as verdicts: the variables go through the one
    /// binding step (so a <c>CallyticsPaths__*</c> key and <c>CALLYTICS_ROOT</c> count), a relative value is
    /// <c>relative</c> (resolved against <c>/</c>, a container's usual working directory), and each used role's value is
    /// read by the volume rules.
    /// </summary>
    internal static HashSet<string> Runtime(Dictionary<string, string> variables, string roles, (string Target, Backing Backing)[] mounts, bool readOnlyRoot)
    {
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"1 0 0:40 / / {(readOnlyRoot ? "ro" : "rw")},relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w\n");
        int id = 2;
        foreach ((string target, Backing backing) in mounts)
        {
            table.Append(backing switch
            {
                Backing.Tmpfs => $"{id} 1 0:{50 + id} / {target} rw,nosuid,nodev - tmpfs tmpfs rw\n",
                Backing.EmptyDir => $"{id} 1 8:1 /var/lib/kubelet/pods/p/volumes/kubernetes.io~empty-dir/v{id} {target} rw,relatime - ext4 /dev/sda1 rw\n",
                Backing.ReadOnlyPersistent => $"{id} 1 8:1 /srv/v{id} {target} ro,relatime - ext4 /dev/sda1 rw\n",
                _ => $"{id} 1 8:1 /srv/v{id} {target} rw,relatime - ext4 /dev/sda1 rw\n",
            });
            id++;
        }

        CallyticsPaths paths = CallyticsPathsBinder.FromVariables([.. variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)),
            new(CallyticsPathsVariables.Roles, roles)]);
        var rules = new VolumeRules(MountTable.Parse(table.ToString()), MountCheckMode.Enforce);
        var findings = new List<PathFinding>();
        var verdicts = new HashSet<string>(StringComparer.Ordinal);
        foreach (RoleLayout role in RoleLayout.Directories.Where(l => paths.Uses(l.Role)))
        {
            string value = role.Get(paths);
            if (!value.StartsWith('/'))
            {
                verdicts.Add($"{RoleLayout.KeyOf(role.Role)} relative");
                value = "/" + value;
            }

            rules.CheckDirectory(role, value, findings);
        }

        if (paths.Uses(PathRole.Database))
        {
            rules.CheckDatabase(paths.DatabaseUrl["sqlite:///".Length..], readOnly: false, paths.DataDir, findings);
        }

        verdicts.UnionWith(findings.Select(f => Verdict(f.Variable, PathRuleCatalog.All.Single(r => r.RuntimeCode == f.Code
            && (r == PathRuleCatalog.DatabaseNotOnVolume) == (f.Code == FindingCodes.NotOnVolume && f.Variable == CallyticsPathsVariables.DatabaseUrl)), f.Severity)));
        return verdicts;
    }

    private static HashSet<string> Compose(AgreementLayout layout)
    {
        (Dictionary<string, string> variables, (string Target, Backing Backing)[] mounts, bool readOnlyRoot) = (WithRoles(layout), layout.Mounts, layout.ReadOnlyRoot);
        using var tree = new TempTree();
        var yaml = new StringBuilder("services:\n  svc:\n    image: callytics/svc\n");
        if (readOnlyRoot)
        {
            yaml.Append("    read_only: true\n");
        }

        yaml.Append("    environment:\n");
        foreach ((string name, string value) in variables)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"      {name}: {value}\n");
        }

        if (mounts.Length > 0)
        {
            yaml.Append("    volumes:\n");
        }

        int id = 0;
        foreach ((string target, Backing backing) in mounts)
        {
            id++;
            if (backing == Backing.SingleFile)
            {
                tree.WriteFile($"v{id}", string.Empty);
            }

            yaml.Append(backing switch
            {
                Backing.Tmpfs => $"      - type: tmpfs\n        target: {target}\n",
                Backing.ReadOnlyPersistent => $"      - v{id}:{target}:ro\n",
                Backing.SingleFile => $"      - ./v{id}:{target}\n",
                _ => $"      - v{id}:{target}\n",
            });
        }

        yaml.Append("volumes:\n");
        for (int i = 1; i <= Math.Max(1, id); i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  v{i}: {{}}\n");
        }

        return Lint(ComposeFiles.Lint(tree, yaml.ToString()), variables);
    }

    private static HashSet<string> Kubernetes(AgreementLayout layout)
    {
        (Dictionary<string, string> variables, (string Target, Backing Backing)[] mounts, bool readOnlyRoot) = (WithRoles(layout), layout.Mounts, layout.ReadOnlyRoot);
        var volumeMounts = new StringBuilder();
        var volumes = new StringBuilder();
        int id = 0;
        foreach ((string target, Backing backing) in mounts)
        {
            id++;
            string directory = backing == Backing.SingleFile ? Path.GetDirectoryName(target)! : target;
            volumeMounts.Append(Manifests.Mount($"v{id}", target, backing switch
            {
                Backing.ReadOnlyPersistent => "readOnly: true",
                Backing.SingleFile => $"subPath: {Path.GetFileName(target)}",
                _ => string.Empty,
            }));
            volumes.Append(Manifests.Volume($"v{id}", backing == Backing.EmptyDir ? "emptyDir: {}" : $"persistentVolumeClaim:\n  claimName: c{id}"));
            _ = directory;
        }

        string pod = Manifests.Pod(
            Manifests.Env([.. variables.Select(v => (v.Key, v.Value))]),
            volumeMounts.ToString(),
            volumes.ToString(),
            containerExtra: readOnlyRoot ? "      securityContext:\n        readOnlyRootFilesystem: true\n" : string.Empty);
        return Lint(Manifests.Lint(pod), variables);
    }

    private static Dictionary<string, string> WithRoles(AgreementLayout layout)
    {
        Dictionary<string, string> variables = layout.Variables;
        variables[CallyticsPathsVariables.Roles] = layout.Roles;
        return variables;
    }

    /// <summary>The lint findings as verdicts; every finding on these layouts is a catalogue rule's or a relative value's.</summary>
    private static HashSet<string> Lint(List<Finding> findings, Dictionary<string, string> variables)
    {
        _ = variables;
        var verdicts = new HashSet<string>(StringComparer.Ordinal);
        foreach (Finding finding in findings)
        {
            string? verdict = AgreementLayouts.VerdictOf(finding.Code, finding.Severity, finding.Message, finding.Variable);
            verdict.Should().NotBeNull($"only catalogue rules and relative values fire on these layouts, not {finding}");
            verdicts.Add(verdict!);
        }

        return verdicts;
    }

    private static string Verdict(string variable, PathRule rule, FindingSeverity severity) => AgreementLayouts.Verdict(AgreementLayouts.RoleOf(variable), rule, severity);
}
