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
    /// <summary>How one mount of the layout is backed.</summary>
    public enum Backing
    {
        Persistent,
        ReadOnlyPersistent,
        Tmpfs,
        EmptyDir,
        SingleFile,
    }

    public static TheoryData<string, string[], (string Target, Backing Backing)[], bool, int> Layouts() => new()
    {
        { "every role in no volume", ["AUDIO_DIR=/app/audio", "TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "DATA_DIR=/app/data", "CONFIG_DIR=/app/config", "CACHE_DIR=/app/.cache", "DATABASE_URL=sqlite:////app/db/x.sqlite"], [], false, 7 },
        { "the seed's .temp beside a mounted temp", ["TEMP_DIR=/app/.temp", "CACHE_DIR=/app/.cache"], [("/app/temp", Backing.Persistent)], false, 2 },
        { "everything mounted", ["TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "DATA_DIR=/app/data", "CACHE_DIR=/app/.cache", "DATABASE_URL=sqlite:////app/data/x.sqlite"], [("/app/temp", Backing.Persistent), ("/app/logs", Backing.Persistent), ("/app/data", Backing.Persistent), ("/app/.cache", Backing.Persistent)], false, 0 },
        { "read-only volumes for writing roles", ["LOG_DIR=/app/logs", "CONFIG_DIR=/app/config", "DATABASE_URL=sqlite:////app/data/x.sqlite"], [("/app/logs", Backing.ReadOnlyPersistent), ("/app/config", Backing.ReadOnlyPersistent), ("/app/data", Backing.ReadOnlyPersistent)], false, 2 },
        { "a read-only root", ["TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "CONFIG_DIR=/app/config", "AUDIO_DIR=/app/audio", "DATABASE_URL=sqlite:////app/db/x.sqlite"], [("/app/logs", Backing.Persistent)], true, 4 },
        { "tmpfs for every role", ["TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "DATA_DIR=/app/data", "CACHE_DIR=/app/.cache", "DATABASE_URL=sqlite:////app/db/x.sqlite"], [("/app/temp", Backing.Tmpfs), ("/app/logs", Backing.Tmpfs), ("/app/data", Backing.Tmpfs), ("/app/.cache", Backing.Tmpfs), ("/app/db", Backing.Tmpfs)], false, 4 },
        { "emptyDir for every role", ["TEMP_DIR=/app/temp", "LOG_DIR=/app/logs", "DATA_DIR=/app/data", "CACHE_DIR=/app/.cache", "DATABASE_URL=sqlite:////app/db/x.sqlite"], [("/app/temp", Backing.EmptyDir), ("/app/logs", Backing.EmptyDir), ("/app/data", Backing.EmptyDir), ("/app/.cache", Backing.EmptyDir), ("/app/db", Backing.EmptyDir)], false, 3 },
        { "a single-file database", ["DATABASE_URL=sqlite:////app/x.sqlite"], [("/app/x.sqlite", Backing.SingleFile)], false, 1 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_runtime_compose_and_kubernetes_fire_the_same_rules_with_the_same_severity(string layout, string[] environment, (string Target, Backing Backing)[] mounts, bool readOnlyRoot, int verdicts)
    {
        var variables = environment.Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        HashSet<string> runtime = Runtime(variables, mounts, readOnlyRoot);
        runtime.Should().HaveCount(verdicts, $"the catalogue's verdicts on \"{layout}\": {string.Join(", ", runtime)}");

        if (!mounts.Any(m => m.Backing == Backing.EmptyDir))
        {
            Compose(variables, mounts, readOnlyRoot).Should().BeEquivalentTo(runtime, $"compose reads \"{layout}\" as a running container does");
        }

        if (!mounts.Any(m => m.Backing == Backing.Tmpfs))
        {
            Kubernetes(variables, mounts, readOnlyRoot).Should().BeEquivalentTo(runtime, $"Kubernetes reads \"{layout}\" as a running pod does");
        }
    }

    /// <summary>The layouts a container made here can hold (an emptyDir needs a kubelet).</summary>
    public static TheoryData<string, string[], (string Target, Backing Backing)[], bool, int> ContainerLayouts()
    {
        var layouts = new TheoryData<string, string[], (string Target, Backing Backing)[], bool, int>();
        foreach (object[] row in Layouts())
        {
            var mounts = ((string Target, Backing Backing)[])row[2];
            if (!mounts.Any(m => m.Backing == Backing.EmptyDir))
            {
                layouts.Add((string)row[0], (string[])row[1], mounts, (bool)row[3], (int)row[4]);
            }
        }

        return layouts;
    }

    /// <summary>
    /// The same layouts in a real container filesystem (<see cref="ContainerSandbox"/>: an overlay root, bind mounts,
    /// tmpfs, a single-file bind, the root remounted read-only), read by the tool's <c>check --json</c> from the
    /// container's own mount table: the verdicts are the saved tables', so the parsed tables above stand for the kernel.
    /// </summary>
    [RootTheory("unshare", "mount", "chroot")]
    [MemberData(nameof(ContainerLayouts))]
    public void A_real_container_fires_what_its_mount_table_fires(string layout, string[] environment, (string Target, Backing Backing)[] mounts, bool readOnlyRoot, int verdicts)
    {
        var variables = environment.Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        using var sandbox = new ContainerSandbox();
        foreach ((string name, string value) in variables)
        {
            sandbox.Set(name, value);
        }

        sandbox.Set(CallyticsPathsVariables.Roles, string.Join(',', variables.Keys.Select(v => v == CallyticsPathsVariables.DatabaseUrl ? "database" : RoleLayout.KeyOf(RoleLayout.ForVariable(v)!.Role))));
        foreach ((string target, Backing backing) in mounts)
        {
            _ = backing switch
            {
                Backing.Tmpfs => sandbox.Tmpfs(target),
                Backing.ReadOnlyPersistent => sandbox.Bind(target, readOnly: true),
                Backing.SingleFile => sandbox.BindFile(target),
                _ => sandbox.Bind(target),
            };
        }

        if (readOnlyRoot)
        {
            sandbox.Shell("mount -o remount,ro root");
        }

        ProcessResult run = sandbox.Tool("check", "--json").Run();

        run.ExitCode.Should().BeOneOf([0, 1], run.ToString());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty path in JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("paths").EnumerateObject())
        {
            string variable = path.Value.GetProperty("variable").GetString()!;
            foreach (JsonElement problem in path.Value.GetProperty("problems").EnumerateArray())
            {
                string code = problem.GetProperty("code").GetString()!;
                PathRule? rule = PathRuleCatalog.All.SingleOrDefault(r => r.RuntimeCode == code
                    && (r == PathRuleCatalog.DatabaseNotOnVolume) == (code == FindingCodes.NotOnVolume && variable == CallyticsPathsVariables.DatabaseUrl));
                if (rule is not null)
                {
                    FindingSeverity severity = problem.GetProperty("severity").GetString() switch
                    {
                        "error" => FindingSeverity.Error,
                        "warning" => FindingSeverity.Warning,
                        _ => FindingSeverity.Information,
                    };
                    seen.Add(Verdict(variable, rule, severity));
                }
            }
        }

        seen.Should().BeEquivalentTo(Runtime(variables, mounts, readOnlyRoot), $"the container's own table reads \"{layout}\" as the saved one does:\n{run.StandardOutput}")
            .And.HaveCount(verdicts);
    }

    [Fact]
    public void Each_layout_fires_what_the_catalogue_says()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["TEMP_DIR"] = "/app/.temp", ["CACHE_DIR"] = "/app/.cache", ["LOG_DIR"] = "/app/logs" };
        Runtime(variables, [("/app/temp", Backing.Persistent), ("/app/logs", Backing.Tmpfs)], readOnlyRoot: false).Should().BeEquivalentTo(
            ["TEMP_DIR RoleDirectoryNotMounted Error", "CACHE_DIR RoleDirectoryNotMounted Warning", "LOG_DIR RoleOnNonPersistentMount Warning"]);
        Runtime(variables, [("/app/.temp", Backing.Tmpfs), ("/app/.cache", Backing.EmptyDir), ("/app/logs", Backing.Persistent)], readOnlyRoot: false)
            .Should().BeEmpty("temp may be lost, and a cache on an emptyDir survives the container's restarts");
        Runtime(variables, [], readOnlyRoot: true).Should().BeEquivalentTo(
            ["TEMP_DIR WritingRoleOnReadOnlyMount Error", "CACHE_DIR WritingRoleOnReadOnlyMount Error", "LOG_DIR WritingRoleOnReadOnlyMount Error"],
            "under a read-only root the write is refused, not lost");

        (PathRuleCatalog.NotOnVolume.ImpactFor(PathRole.Temp), PathRuleCatalog.NotOnVolume.ImpactFor(PathRole.Cache), PathRuleCatalog.NotOnVolume.ImpactFor(PathRole.Audio))
            .Should().Be((PathImpact.DataLoss, PathImpact.Slowness, PathImpact.HostInputHidden), "the severity follows what is at stake");
        PathRuleCatalog.ReadOnlyMount.ImpactFor(PathRole.Logs).Should().Be(PathImpact.WriteRefused);
    }

    /// <summary>What the runtime's volume rules say, on the mount table the layout produces, as <c>VARIABLE rule severity</c>.</summary>
    private static HashSet<string> Runtime(Dictionary<string, string> variables, (string Target, Backing Backing)[] mounts, bool readOnlyRoot)
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

        var rules = new VolumeRules(MountTable.Parse(table.ToString()), MountCheckMode.Enforce);
        var findings = new List<PathFinding>();
        foreach (RoleLayout role in RoleLayout.Directories.Where(l => variables.ContainsKey(l.Variable)))
        {
            rules.CheckDirectory(role, variables[role.Variable], findings);
        }

        if (variables.TryGetValue(CallyticsPathsVariables.DatabaseUrl, out string? url))
        {
            rules.CheckDatabase(url["sqlite:///".Length..], readOnly: false, variables.GetValueOrDefault(CallyticsPathsVariables.DataDir), findings);
        }

        return [.. findings.Select(f => Verdict(f.Variable, PathRuleCatalog.All.Single(r => r.RuntimeCode == f.Code
            && (r == PathRuleCatalog.DatabaseNotOnVolume) == (f.Code == FindingCodes.NotOnVolume && f.Variable == CallyticsPathsVariables.DatabaseUrl)), f.Severity))];
    }

    private static HashSet<string> Compose(Dictionary<string, string> variables, (string Target, Backing Backing)[] mounts, bool readOnlyRoot)
    {
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

    private static HashSet<string> Kubernetes(Dictionary<string, string> variables, (string Target, Backing Backing)[] mounts, bool readOnlyRoot)
    {
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

    /// <summary>The lint findings of catalogue rules, as <c>VARIABLE rule severity</c>; a finding names its variable in its message.</summary>
    private static HashSet<string> Lint(List<Finding> findings, Dictionary<string, string> variables)
    {
        var verdicts = new HashSet<string>(StringComparer.Ordinal);
        foreach (Finding finding in findings)
        {
            int number = int.Parse(finding.Code[2..], CultureInfo.InvariantCulture);
            PathRule? rule = PathRuleCatalog.All.SingleOrDefault(r => r.LintNumber == number);
            rule.Should().NotBeNull($"only catalogue rules fire on these layouts, not {finding}");
            string variable = rule == PathRuleCatalog.DatabaseNotOnVolume || rule == PathRuleCatalog.DatabaseSingleFileMount || finding.Message.Contains("database", StringComparison.Ordinal)
                ? CallyticsPathsVariables.DatabaseUrl
                : variables.Keys.Single(v => v != CallyticsPathsVariables.DatabaseUrl && finding.Message.Contains($"{v}=", StringComparison.Ordinal));
            verdicts.Add(Verdict(variable, rule!, finding.Severity));
        }

        return verdicts;
    }

    private static string Verdict(string variable, PathRule rule, FindingSeverity severity) => $"{variable} {rule.Name} {severity}";
}
