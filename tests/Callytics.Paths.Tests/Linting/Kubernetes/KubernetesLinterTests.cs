using Callytics.Paths.Validation;
using Callytics.Paths.Linting;
using FluentAssertions;
using Xunit;
using static Callytics.Paths.Tests.Linting.Kubernetes.Manifests;

namespace Callytics.Paths.Tests.Linting.Kubernetes;

public class KubernetesLinterTests
{
    [Theory]
    [InlineData("TEMP_DIR", "/app/.temp", "error")]
    [InlineData("LOG_DIR", "/app/logs", "error")]
    [InlineData("DATA_DIR", "/app/data", "error")]
    [InlineData("CACHE_DIR", "/app/.cache", "warning")]
    [InlineData("AUDIO_DIR", "/app/audio", "warning")]
    [InlineData("CONFIG_DIR", "/app/config", "note")]
    public void A_role_path_in_no_volumeMount_is_found_at_its_env_value_with_the_compose_severity(string variable, string value, string severity)
    {
        string yaml = Pod(Env((variable, value)));

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        (finding.Code, Finding.SeverityWord(finding.Severity), finding.Subject, finding.Container).Should().Be(("CK101", severity, "Pod/svc", "app"));
        (finding.Line, finding.Column).Should().Be(At(yaml, $"\"{value}\""));
        finding.ToString().Should().EndWith("[Pod/svc app]");
    }

    [Fact]
    public void The_nearest_mountPath_is_suggested_and_a_mounted_path_is_clean()
    {
        string yaml = Pod(Env(("TEMP_DIR", "/app/.temp")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir: {}"));

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("while /app/temp is mounted");
        finding.Fix.Should().StartWith("Did you mean /app/temp? Set TEMP_DIR=/app/temp");
        Lint(Pod(Env(("TEMP_DIR", "/app/temp/sessions")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir: {}"))).Should().BeEmpty();
    }

    [Fact]
    public void Data_or_the_database_on_an_emptyDir_is_a_warning_and_temp_on_an_emptyDir_is_fine()
    {
        string data = Pod(Env(("DATA_DIR", "/app/data")), Mount("data", "/app/data"), Volume("data", "emptyDir: {}"));
        string database = Pod(Env(("DATABASE_URL", "sqlite:////app/data/x.sqlite")), Mount("data", "/app/data"), Volume("data", "emptyDir: {}"));

        Lint(data).Should().ContainSingle().Which.Code.Should().Be("CK102");
        Lint(database).Should().ContainSingle().Which.Code.Should().Be("CK102");
        Lint(Pod(Env(("TEMP_DIR", "/app/temp")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir: {}"))).Should().BeEmpty();
        Lint(Pod(Env(("DATA_DIR", "/app/data")), Mount("data", "/app/data"), Volume("data", "persistentVolumeClaim:\n  claimName: data"))).Should().BeEmpty();
    }

    [Fact]
    public void A_memory_emptyDir_without_sizeLimit_is_found_at_the_volume_and_a_limit_silences_it()
    {
        string yaml = Pod(Env(("TEMP_DIR", "/app/temp")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir:\n  medium: Memory"));

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        finding.Code.Should().Be("CK120");
        (finding.Line, finding.Column).Should().Be(At(yaml, "name: temp", 2));
        Lint(Pod(Env(("TEMP_DIR", "/app/temp")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir:\n  medium: Memory\n  sizeLimit: 256Mi"))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("configMap:\n  name: settings", "")]
    [InlineData("secret:\n  secretName: settings", "")]
    [InlineData("downwardAPI:\n  items: []", "")]
    [InlineData("projected:\n  sources: []", "")]
    [InlineData("persistentVolumeClaim:\n  claimName: logs", "readOnly: true")]
    [InlineData("persistentVolumeClaim:\n  claimName: logs\n  readOnly: true", "")]
    public void A_written_role_on_a_read_only_mount_is_an_error_at_the_volumeMount(string source, string mountExtra)
    {
        string yaml = Pod(Env(("LOG_DIR", "/app/logs")), Mount("logs", "/app/logs", mountExtra), Volume("logs", source));

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        (finding.Code, Finding.SeverityWord(finding.Severity)).Should().Be(("CK103", "error"));
        (finding.Line, finding.Column).Should().Be(At(yaml, "/app/logs", 2));
    }

    [Fact]
    public void A_read_role_on_a_read_only_mount_is_fine()
    {
        Lint(Pod(Env(("CONFIG_DIR", "/app/config")), Mount("config", "/app/config"), Volume("config", "configMap:\n  name: settings"))).Should().BeEmpty();
        Lint(Pod(Env(("AUDIO_DIR", "/app/audio")), Mount("audio", "/app/audio", "readOnly: true"), Volume("audio", "persistentVolumeClaim:\n  claimName: audio")))
            .Should().BeEmpty();
    }

    [Fact]
    public void A_three_slash_url_is_an_error_with_the_four_slash_form_and_four_slashes_are_clean()
    {
        string yaml = Pod(Env(("DATABASE_URL", "sqlite:///app/data/x.sqlite")), Mount("data", "/app/data"), Volume("data", "persistentVolumeClaim:\n  claimName: d"));

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        finding.Code.Should().Be("CK104");
        finding.Fix.Should().Be("Write four slashes: DATABASE_URL=sqlite:////app/data/x.sqlite.");
        Lint(Pod(Env(("DATABASE_URL", "sqlite:////app/data/x.sqlite")), Mount("data", "/app/data"), Volume("data", "persistentVolumeClaim:\n  claimName: d")))
            .Should().BeEmpty();
    }

    [Fact]
    public void A_database_in_no_mount_is_an_error_whose_fix_follows_CALLYTICS_ROOT()
    {
        string yaml = Pod(Env(("CALLYTICS_ROOT", "/srv"), ("DATABASE_URL", "sqlite:////srv/x.sqlite")));

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        finding.Code.Should().Be("CK105");
        finding.Fix.Should().Contain("a volumeMount at /srv/data").And.Contain("DATABASE_URL=sqlite:////srv/data/x.sqlite");
    }

    [Fact]
    public void A_database_mounted_as_one_file_through_subPath_is_a_warning_and_its_directory_is_fine()
    {
        string yaml = Pod(Env(("DATABASE_URL", "sqlite:////app/data/x.sqlite")), Mount("db", "/app/data/x.sqlite", "subPath: x.sqlite"),
            Volume("db", "persistentVolumeClaim:\n  claimName: d"));

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        finding.Code.Should().Be("CK106");
        (finding.Line, finding.Column).Should().Be(At(yaml, "/app/data/x.sqlite", 2));
    }

    [Fact]
    public void ReadOnlyRootFilesystem_with_a_written_role_outside_every_mount_says_EROFS_and_a_mounted_role_is_fine()
    {
        string yaml = Pod(Env(("TEMP_DIR", "/app/temp")), containerExtra: "      securityContext:\n        readOnlyRootFilesystem: true\n");

        List<Finding> findings = Lint(yaml);

        findings.Select(f => f.Code).Should().BeEquivalentTo(["CK103"], "the write is refused, not lost: one finding, the shared read-only rule, as compose's CC103 and the runtime's CP502");
        findings.Single().Message.Should().Contain("EROFS").And.Contain("readOnlyRootFilesystem: true");
        Lint(Pod(Env(("TEMP_DIR", "/app/temp")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir: {}"),
            containerExtra: "      securityContext:\n        readOnlyRootFilesystem: true\n")).Should().BeEmpty();
        Lint(Pod(Env(("CONFIG_DIR", "/app/config")), containerExtra: "      securityContext:\n        readOnlyRootFilesystem: true\n"))
            .Should().ContainSingle().Which.Code.Should().Be("CK101", "config is read, not written");
    }

    [Fact]
    public void A_hostPath_written_by_a_non_root_pod_names_both_ways_out_and_root_or_a_read_role_is_fine()
    {
        const string host = "hostPath:\n  path: /srv/logs";
        string yaml = Pod(Env(("LOG_DIR", "/app/logs")), Mount("logs", "/app/logs"), Volume("logs", host), podExtra: "  securityContext:\n    runAsUser: 1000\n");

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        finding.Code.Should().Be("CK123");
        finding.Fix.Should().Contain("initContainer").And.Contain("runAsUser");
        Lint(Pod(Env(("LOG_DIR", "/app/logs")), Mount("logs", "/app/logs"), Volume("logs", host))).Should().BeEmpty();
        Lint(Pod(Env(("LOG_DIR", "/app/logs")), Mount("logs", "/app/logs"), Volume("logs", host), podExtra: "  securityContext:\n    runAsNonRoot: true\n"))
            .Should().ContainSingle().Which.Code.Should().Be("CK123");
        Lint(Pod(Env(("AUDIO_DIR", "/app/audio")), Mount("audio", "/app/audio"), Volume("audio", host), podExtra: "  securityContext:\n    runAsUser: 1000\n"))
            .Should().BeEmpty();
    }

    [Fact]
    public void FsGroup_on_a_claim_at_a_role_path_without_a_change_policy_says_each_start_chowns_the_whole_volume()
    {
        // Issue #32: kubernetes/kubernetes#69699, patched chart by chart.
        const string claim = "persistentVolumeClaim:\n  claimName: data";
        string yaml = Pod(Env(("DATA_DIR", "/app/data")), Mount("data", "/app/data"), Volume("data", claim), podExtra: "  securityContext:\n    fsGroup: 10001\n");

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        (finding.Code, finding.Severity).Should().Be(("CK124", FindingSeverity.Warning));
        finding.Message.Should().Contain("fsGroup: 10001").And.Contain("claim data at /app/data").And.Contain("DATA_DIR=/app/data");
        finding.Fix.Should().Contain("fsGroupChangePolicy: OnRootMismatch");
        finding.Line.Should().Be(yaml.Split('\n').ToList().FindIndex(l => l.Contains("fsGroup: 10001", StringComparison.Ordinal)) + 1, "it points at fsGroup");
        Lint(Pod(Env(("DATA_DIR", "/app/data")), Mount("data", "/app/data"), Volume("data", claim), podExtra: "  securityContext:\n    fsGroup: 10001\n    fsGroupChangePolicy: OnRootMismatch\n"))
            .Should().BeEmpty("the policy is set");
        Lint(Pod(Env(("DATA_DIR", "/app/data")), Mount("data", "/app/data"), Volume("data", claim))).Should().BeEmpty("no fsGroup, no chown");
        Lint(Pod(Env(("CACHE_DIR", "/app/.cache")), Mount("cache", "/app/.cache"), Volume("cache", "emptyDir: {}"), podExtra: "  securityContext:\n    fsGroup: 10001\n"))
            .Should().BeEmpty("an emptyDir starts empty: nothing to walk");
    }

    [Fact]
    public void Under_a_read_only_root_temp_on_an_emptyDir_is_fine_and_a_memory_emptyDir_says_it_counts_against_the_pods_memory()
    {
        // Issue #32 §2.
        string readOnly = "      securityContext:\n        readOnlyRootFilesystem: true\n";
        Lint(Pod(Env(("TEMP_DIR", "/app/temp")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir: {}"), containerExtra: readOnly)).Should().BeEmpty();

        Finding logs = Lint(Pod(Env(("LOG_DIR", "/app/logs")), Mount("logs", "/app/logs"), Volume("logs", "emptyDir:\n  medium: Memory\n  sizeLimit: 64Mi"), containerExtra: readOnly))
            .Should().ContainSingle().Subject;
        logs.Code.Should().Be("CK102");
        logs.Message.Should().Contain("deleted with the pod").And.Contain("counts against the pod's memory");
        Lint(Pod(Env(("LOG_DIR", "/app/logs")), Mount("logs", "/app/logs"), Volume("logs", "emptyDir: {}"))).Should().ContainSingle()
            .Which.Message.Should().NotContain("memory", "a disk-backed emptyDir costs no memory");
    }

    [Fact]
    public void An_unknown_role_key_and_a_relative_path_are_errors()
    {
        Lint(Pod(Env(("CALLYTICS_ROLES", "log")))).Should().ContainSingle().Which.Code.Should().Be("CK113");
        Lint(Pod(Env(("TEMP_DIR", "temp")))).Should().ContainSingle().Which.Code.Should().Be("CK112");
    }

    [Fact]
    public void Declared_roles_are_checked_with_their_defaults_and_unused_roles_are_not()
    {
        string yaml = Pod(Env(("CALLYTICS_ROLES", "logs"), ("TEMP_DIR", "/app/.temp")));

        Finding finding = Lint(yaml).Should().ContainSingle().Subject;

        finding.Message.Should().StartWith("LOG_DIR=/app/logs (its default");
        (finding.Line, finding.Column).Should().Be(At(yaml, "\"logs\""));
    }

    [Fact]
    public void A_container_that_declares_nothing_is_not_checked()
    {
        Lint(Pod(Env(("PORT", "8080")))).Should().BeEmpty();
    }

    [Fact]
    public void Env_wins_over_envFrom_and_dollar_references_to_earlier_variables_expand()
    {
        string map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: env\ndata:\n  TEMP_DIR: /app/.temp\n  BASE: /app\n";
        string pod = Pod(Env(("TEMP_DIR", "$(BASE)/temp")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir: {}"),
            containerExtra: "      envFrom:\n        - configMapRef:\n            name: env\n");

        Lint(map, pod).Should().BeEmpty();
    }

    [Fact]
    public void A_value_from_a_ConfigMap_in_the_input_is_checked_at_its_line_there()
    {
        string map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: env\ndata:\n  TEMP_DIR: /app/.temp\n";
        string pod = Pod("        - name: TEMP_DIR\n          valueFrom:\n            configMapKeyRef:\n              name: env\n              key: TEMP_DIR\n");

        Finding finding = Lint(map, pod).Should().ContainSingle().Subject;

        (finding.Code, finding.File, finding.Line, finding.Column).Should().Be(("CK101", "m0.yaml", 6, 13));
    }

    [Fact]
    public void A_ConfigMap_or_Secret_not_in_the_input_is_a_note_saying_what_could_not_be_checked()
    {
        string fromMap = Pod(Env(("CALLYTICS_ROLES", "temp"), ("TEMP_DIR", "/app/temp")), Mount("temp", "/app/temp"), Volume("temp", "emptyDir: {}"),
            containerExtra: "      envFrom:\n        - configMapRef:\n            name: elsewhere\n");
        string keyRef = Pod("        - name: DATABASE_URL\n          valueFrom:\n            secretKeyRef:\n              name: db\n              key: url\n");

        Finding note = Lint(fromMap).Should().ContainSingle().Subject;
        (note.Code, Finding.SeverityWord(note.Severity)).Should().Be(("CK130", "note"));
        note.Message.Should().Contain("configMap elsewhere");
        Finding undecided = Lint(keyRef).Should().ContainSingle().Subject;
        (undecided.Code, Finding.SeverityWord(undecided.Severity)).Should().Be(("CK111", "note"));
        undecided.Message.Should().Contain("secret db key url");
    }

    [Fact]
    public void The_ignore_annotation_silences_its_codes_on_that_workload_and_the_summary_counts_them()
    {
        string yaml = Pod(Env(("TEMP_DIR", "/app/.temp"), ("DATABASE_URL", "sqlite:///x.sqlite")))
            .Replace("  name: svc\n", "  name: svc\n  annotations:\n    callytics-paths/ignore: \"CK101, CK999\"\n", StringComparison.Ordinal);

        (List<Finding> findings, int suppressed) = LintWithSuppressed(yaml);

        findings.Should().ContainSingle().Which.Code.Should().Be("CK104");
        suppressed.Should().Be(1);
    }

    [Fact]
    public void One_claim_mounted_at_different_paths_in_containers_whose_variables_differ_is_a_warning()
    {
        string a = Pod(Env(("TEMP_DIR", "/app/temp")), Mount("t", "/app/temp"), Volume("t", "persistentVolumeClaim:\n  claimName: shared")).Replace("name: svc", "name: a", StringComparison.Ordinal);
        string b = Pod(Env(("TEMP_DIR", "/work/temp")), Mount("t", "/work/temp"), Volume("t", "persistentVolumeClaim:\n  claimName: shared")).Replace("name: svc", "name: b", StringComparison.Ordinal);
        string same = b.Replace("/work/temp", "/app/temp", StringComparison.Ordinal);

        Finding finding = Lint(a, b).Should().ContainSingle().Subject;

        (finding.Code, finding.Subject).Should().Be(("CK109", "Pod/b"));
        Lint(a, same).Should().BeEmpty();
    }

    [Fact]
    public void A_database_on_a_ReadWriteMany_claim_or_shared_by_replicas_is_a_warning_and_a_claim_template_is_not()
    {
        List<Finding> findings = LintCorpus("statefulset.yaml");

        findings.Should().ContainSingle().Which.Should().Match<Finding>(f => f.Code == "CK122" && f.Subject == "Deployment/audio-processor");
        string deployment = File.ReadAllText(Manifests.Path("statefulset.yaml")).Split("---")[2]
            .Replace("claimName: shared-audio\n", "claimName: own\n", StringComparison.Ordinal);
        Lint(deployment).Should().Contain(f => f.Code == "CK122" && f.Message.Contains("shared by 3 replicas", StringComparison.Ordinal));
        Lint(deployment.Replace("replicas: 3", "replicas: 1", StringComparison.Ordinal)).Should().NotContain(f => f.Code == "CK122");
    }

    [Fact]
    public void The_corpus_is_linted_at_exact_lines_across_helm_kustomize_a_list_and_a_cronjob()
    {
        LintCorpus("helm.yaml").Select(f => (f.Code, f.Line, f.Column)).Should().BeEquivalentTo([("CK102", 12, 12), ("CK103", 13, 14), ("CK124", 54, 18)]);
        LintCorpus("kustomize.yaml").Select(f => (f.Code, f.Line, f.Column)).Should().BeEquivalentTo([("CK101", 31, 18), ("CK103", 41, 22), ("CK106", 43, 22)]);
        LintCorpus("list.yaml").Select(f => (f.Code, f.Subject, f.Line)).Should().BeEquivalentTo([("CK102", "Pod/sentiment-analyzer", 16), ("CK120", "Pod/sentiment-analyzer", 27), ("CK102", "Pod/monitoring", 40)],
            "logs on an emptyDir are lost with the pod, a warning as for logs on a compose tmpfs (CC102) and at run time (CP503)");
        LintCorpus("cronjob.yaml").Select(f => (f.Code, f.Subject, f.Line)).Should().BeEquivalentTo([("CK104", "CronJob/nightly-report", 23), ("CK123", "CronJob/nightly-report", 26)]);
    }

    [Fact]
    public void Every_code_a_finding_can_carry_is_in_the_rule_set()
    {
        string[] codes = [.. Callytics.Paths.Linting.Kubernetes.KubernetesRuleSet.All.Select(r => r.Code)];

        codes.Should().OnlyHaveUniqueItems();
        LintCorpus("helm.yaml", "kustomize.yaml", "list.yaml", "cronjob.yaml", "statefulset.yaml").Select(f => f.Code).Should().BeSubsetOf(codes);
    }
}
