using System.Text.Json;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Linting.Compose;

/// <summary>
/// Issue #32 §1: CC116 flags json-file logs with no max-size (Docker's default driver keeps one file per container
/// that grows until the disk is full), reads the daemon's defaults from <c>--daemon-config</c>, and <c>compose fix</c>
/// adds the seed's block, through one <c>x-logging</c> anchor when several services need it. An independent YAML
/// parser (Debian's PyYAML) reads the fixed files.
/// </summary>
public class LogRotationTests
{
    private static readonly DockerDaemonConfig NoDaemonDefaults = DockerDaemonConfig.Parse("{}"u8, "daemon.json");

    private static List<Finding> Lint(TempTree tree, string yaml, DockerDaemonConfig? daemon = null, string name = "docker-compose.yml") =>
        ComposeRules.Lint(ComposeLoader.Load([ComposeFiles.Write(tree, yaml, name)], _ => null), daemon).FindAll(f => f.Code == "CC116");

    /// <summary>Fixes <paramref name="yaml"/> written as a file ending in a newline, as editors write them.</summary>
    private static ComposeFixer.Result Fix(TempTree tree, string yaml, DockerDaemonConfig? daemon = null) =>
        ComposeFixer.Fix(ComposeDocument.Load(ComposeFiles.Write(tree, yaml.EndsWith('\n') ? yaml : yaml + "\n")), _ => null, [], daemon: daemon);

    [Fact]
    public void Docker_s_default_driver_with_no_max_size_is_a_warning_at_the_service_naming_the_daemon_option()
    {
        using var tree = new TempTree();
        List<Finding> findings = Lint(tree, """
            services:
              api:
                image: api
            """);

        Finding finding = findings.Should().ContainSingle().Subject;
        finding.Severity.Should().Be(FindingSeverity.Warning);
        (finding.Line, finding.Subject, finding.Variable).Should().Be((2, "api", (string?)null));
        finding.Message.Should().Contain("json-file driver (Docker's default) with no max-size").And.Contain("--daemon-config /etc/docker/daemon.json");
        finding.Fix.Should().Contain("max-size: \"100m\", max-file: \"3\"").And.Contain("\"log-opts\"").And.Contain("compose fix");
        ComposeRuleSet.All.Should().ContainSingle(r => r.Code == "CC116").Which.DefaultSeverity.Should().Be(FindingSeverity.Warning);
    }

    [Theory]
    [InlineData("logging:\n      options:\n        max-size: 10m\n", "max-size under the default driver")]
    [InlineData("logging:\n      driver: json-file\n      options:\n        max-size: \"50m\"\n        max-file: \"2\"\n", "json-file with max-size")]
    [InlineData("logging:\n      driver: local\n", "local rotates by itself")]
    [InlineData("logging:\n      driver: journald\n", "no file of Docker's")]
    [InlineData("logging:\n      driver: none\n", "no logs kept")]
    public void A_capped_or_other_driver_passes(string logging, string why)
    {
        using var tree = new TempTree();
        Lint(tree, "services:\n  api:\n    image: api\n    " + logging).Should().BeEmpty(why);
    }

    [Fact]
    public void Json_file_options_without_max_size_are_flagged_at_the_logging_key()
    {
        using var tree = new TempTree();
        Finding finding = Lint(tree, """
            services:
              api:
                image: api
                logging:
                  driver: json-file
                  options:
                    max-file: "5"
            """).Should().ContainSingle().Subject;

        finding.Line.Should().Be(4);
        finding.Message.Should().Contain("(named in its logging)");
    }

    [Fact]
    public void The_daemon_s_max_size_makes_the_finding_go_away_for_its_default_driver_only()
    {
        using var tree = new TempTree();
        const string yaml = """
            services:
              plain:
                image: api
              named:
                image: api
                logging:
                  driver: json-file
            """;
        DockerDaemonConfig capped = DockerDaemonConfig.Parse("""{"log-driver": "json-file", "log-opts": {"max-size": "10m", "max-file": "3"}}"""u8, "/etc/docker/daemon.json");
        Lint(tree, yaml, capped).Should().BeEmpty("the daemon fills in the options a container of its default driver does not set");

        List<Finding> uncapped = Lint(tree, yaml, NoDaemonDefaults);
        uncapped.Should().HaveCount(2);
        uncapped.Should().AllSatisfy(f => f.Message.Should().Contain("daemon.json sets no max-size for it either"));
        uncapped.Should().AllSatisfy(f => f.Fix.Should().Contain("to the log-opts of daemon.json"));

        DockerDaemonConfig local = DockerDaemonConfig.Parse("""{"log-driver": "local", "log-opts": {"max-size": "10m"}}"""u8, "daemon.json");
        Finding named = Lint(tree, yaml, local).Should().ContainSingle("a service on the daemon's local driver rotates; one naming json-file gets none of local's options").Subject;
        named.Subject.Should().Be("named");
        named.Message.Should().Contain("daemon.json's log-opts are for its default driver, local, not for json-file");
        named.Fix.Should().Contain("logging: {driver: json-file").And.Contain("daemon.json's log-opts cannot cap it")
            .And.NotContain("\"log-opts\": {", "the daemon's options would not apply to a service that names another driver than its default");
    }

    [Fact]
    public void Files_merge_logging_as_compose_does_the_same_driver_adds_options_another_replaces_them()
    {
        using var tree = new TempTree();
        ComposeFiles.Write(tree, """
            services:
              api:
                image: api
                logging:
                  driver: json-file
              worker:
                image: worker
                logging:
                  driver: json-file
                  options:
                    max-size: 10m
            """);
        string over = ComposeFiles.Write(tree, """
            services:
              api:
                logging:
                  options:
                    max-size: 10m
              worker:
                logging:
                  driver: syslog
            """, "override.yml");
        ComposeProject project = ComposeLoader.Load([tree["docker-compose.yml"], over], _ => null);

        ComposeRules.Lint(project).Where(f => f.Code == "CC116").Should().BeEmpty();
        project.Services["worker"].Logging.Options.Should().BeEmpty("another driver replaces the options");
        project.Services["api"].Logging.Options.Should().ContainKey("max-size");
    }

    [Fact]
    public void Several_services_share_one_x_logging_anchor_and_an_independent_parser_sees_the_options_on_each()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = Fix(tree, """
            # the fleet
            services:
              api:
                image: api
                environment:
                  TEMP_DIR: /app/temp
                volumes:
                  - ./temp:/app/temp

              worker:
                image: worker
              db:
                image: db
                logging:
                  driver: local
            """);

        result.Text.Should().Be("""
            # the fleet
            x-logging: &default-logging
              driver: json-file
              options:
                max-size: "100m"
                max-file: "3"

            services:
              api:
                image: api
                environment:
                  TEMP_DIR: /app/temp
                volumes:
                  - ./temp:/app/temp
                logging: *default-logging

              worker:
                image: worker
                logging: *default-logging
              db:
                image: db
                logging:
                  driver: local
            """ + "\n");
        result.Changes.Should().HaveCount(2).And.AllSatisfy(c => c.Should().Contain("x-logging anchor default-logging"));
        Logging(tree["docker-compose.yml"], result.Text).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["api"] = "json-file 100m 3",
            ["worker"] = "json-file 100m 3",
            ["db"] = "local - -",
        });
        Lint(tree, result.Text).Should().BeEmpty();
        Fix(tree, result.Text).Text.Should().Be(result.Text, "a second fix changes nothing");
    }

    [Fact]
    public void One_service_gets_the_block_in_place_and_an_old_file_version_gets_no_extension_field()
    {
        using var tree = new TempTree();
        Fix(tree, """
            services:
                api:
                    image: api
            """).Text.Should().Be("""
            services:
                api:
                    image: api
                    logging:
                        driver: json-file
                        options:
                            max-size: "100m"
                            max-file: "3"
            """ + "\n", "one service: no anchor, and the file's four-space indentation");

        string text = Fix(tree, """
            version: "3.2"
            services:
              a:
                image: a
              b:
                image: b
            """).Text;
        text.Should().NotContain("x-logging", "compose file format 3.2 has no extension fields (3.4 and 2.1 do)");
        Logging(tree["docker-compose.yml"], text).Should().BeEquivalentTo(new Dictionary<string, string> { ["a"] = "json-file 100m 3", ["b"] = "json-file 100m 3" });
    }

    [Fact]
    public void Logging_of_its_own_or_a_shared_anchor_gets_the_missing_options_once()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = Fix(tree, """
            x-logging: &logs
              driver: json-file
            services:
              a:
                image: a
                logging: *logs
              b:
                image: b
                logging: *logs
              c:
                image: c
                logging:
                  driver: json-file
                  options:
                    max-file: "5"
            """);

        result.Text.Should().Be("""
            x-logging: &logs
              driver: json-file
              options:
                max-size: "100m"
                max-file: "3"
            services:
              a:
                image: a
                logging: *logs
              b:
                image: b
                logging: *logs
              c:
                image: c
                logging:
                  driver: json-file
                  options:
                    max-file: "5"
                    max-size: "100m"
            """ + "\n", "the anchor is edited once for both services, and c keeps its own max-file");
        Lint(tree, result.Text).Should().BeEmpty();
    }

    [Fact]
    public void Logging_from_a_merge_key_is_reported_not_edited()
    {
        using var tree = new TempTree();
        const string yaml = """
            x-base: &base
              logging:
                driver: json-file
            services:
              a:
                <<: *base
                image: a
            """;
        ComposeFixer.Result result = Fix(tree, yaml);

        result.Text.Should().Be(yaml + "\n");
        result.Skipped.Should().ContainSingle().Which.Should().Contain("a: CC116").And.Contain("merge key");
    }

    [Fact]
    public void The_tool_reads_the_daemon_config_and_refuses_one_dockerd_would_refuse()
    {
        using var tree = new TempTree();
        ComposeFiles.Write(tree, "services:\n  api:\n    image: api\n");
        string capped = tree.WriteFile("etc/daemon.json", """{"log-opts": {"max-size": "10m"}}""");
        tree.WriteFile("etc/broken.json", """{"log-opts": {"max-size": 10}}""");

        InProcessTool.Run(new Dictionary<string, string>(), tree.Root, "compose", "lint", "docker-compose.yml").StandardOutput.Should().Contain("warning CC116");
        ProcessResult quiet = InProcessTool.Run(new Dictionary<string, string>(), tree.Root, "compose", "lint", "--daemon-config", capped, "docker-compose.yml");
        quiet.StandardOutput.Should().Be("0 errors, 0 warnings, 0 notes in 1 file.\n");

        ProcessResult refused = InProcessTool.Run(new Dictionary<string, string>(), tree.Root, "compose", "lint", "--daemon-config", "etc/broken.json", "docker-compose.yml");
        refused.ExitCode.Should().Be(2);
        refused.StandardError.Should().Contain("etc/broken.json").And.Contain("\"log-opts\" values are strings").And.Contain("max-size");

        ProcessResult missing = InProcessTool.Run(new Dictionary<string, string>(), tree.Root, "compose", "fix", "--daemon-config", "etc/none.json", "docker-compose.yml");
        missing.ExitCode.Should().Be(2);
        missing.StandardError.Should().Contain("etc/none.json").And.Contain("cannot be read");
    }

    /// <summary>Each service's logging as PyYAML resolves it (aliases and all): "driver max-size max-file".</summary>
    private static Dictionary<string, string> Logging(string path, string? text = null)
    {
        if (text is not null)
        {
            File.WriteAllText(path, text);
        }

        const string script = """
            import json, sys, yaml
            services = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["services"]
            out = {}
            for name, service in services.items():
                logging = service.get("logging") or {}
                options = logging.get("options") or {}
                out[name] = " ".join([logging.get("driver", "-"), str(options.get("max-size", "-")), str(options.get("max-file", "-"))])
            print(json.dumps(out))
            """;
        ProcessResult python = ChildProcess.Run(["/usr/bin/python3", "-c", script, path]);
        python.ExitCode.Should().Be(0, python.ToString());
        return JsonSerializer.Deserialize<Dictionary<string, string>>(python.StandardOutput)!;
    }
}
