using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Linting.Compose;

public class ComposeLoaderTests
{
    [Fact]
    public void Environment_as_a_map_a_list_and_bare_keys()
    {
        using var tree = new TempTree();
        ComposeProject project = ComposeFiles.Load(tree, """
            services:
              a:
                environment:
                  TEMP_DIR: /app/temp
                  LOG_DIR: "/app/logs"
                  DATA_DIR:
              b:
                environment:
                  - TEMP_DIR=/b/temp
                  - DATA_DIR
            """, new() { ["DATA_DIR"] = "/from/process" });

        project.Services["a"].Environment["TEMP_DIR"].Value.Should().Be("/app/temp");
        project.Services["a"].Environment["LOG_DIR"].Value.Should().Be("/app/logs");
        project.Services["a"].Environment["DATA_DIR"].Value.Should().Be("/from/process", "a bare key takes the process environment");
        project.Services["b"].Environment["TEMP_DIR"].Value.Should().Be("/b/temp");
        project.Services["b"].Environment["DATA_DIR"].Value.Should().Be("/from/process");
        project.Services["a"].Environment["TEMP_DIR"].Position.Should().Be(new SourcePosition(tree["docker-compose.yml"], 4, 17));
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_bring_environment_and_volumes_from_fragments()
    {
        using var tree = new TempTree();
        ComposeProject project = ComposeFiles.Load(tree, """
            x-env: &env
              TEMP_DIR: /app/temp
              LOG_DIR: /app/logs
            x-more: &more
              LOG_DIR: /overridden/by/env
              CACHE_DIR: /app/.cache
            x-vols: &vols
              - ./temp:/app/temp
            services:
              a:
                environment:
                  <<: [*env, *more]
                  LOG_DIR: /own/logs
                volumes: *vols
            """);

        ComposeService a = project.Services["a"];
        a.Environment["TEMP_DIR"].Value.Should().Be("/app/temp");
        a.Environment["CACHE_DIR"].Value.Should().Be("/app/.cache");
        a.Environment["LOG_DIR"].Value.Should().Be("/own/logs", "own keys win over merged ones");
        a.Environment["TEMP_DIR"].Own.Should().BeFalse("it is written in the fragment");
        a.Environment["LOG_DIR"].Own.Should().BeTrue();
        a.Volumes.Keys.Should().Equal("/app/temp");
    }

    [Fact]
    public void Interpolation_reads_the_dotenv_beside_the_file_and_the_process_environment_wins()
    {
        using var tree = new TempTree();
        tree.WriteFile(".env", "ROOT=/from-dotenv\nOTHER=/other # comment\nexport QUOTED='/quoted path'\n");
        ComposeProject project = ComposeFiles.Load(tree, """
            services:
              a:
                environment:
                  TEMP_DIR: ${ROOT}/temp
                  LOG_DIR: ${OTHER}/logs
                  DATA_DIR: ${QUOTED}
                  CACHE_DIR: ${MISSING:-/app/.cache}
                  CONFIG_DIR: $$literal
            """, new() { ["OTHER"] = "/from-process" });

        ComposeService a = project.Services["a"];
        a.Environment["TEMP_DIR"].Value.Should().Be("/from-dotenv/temp");
        a.Environment["LOG_DIR"].Value.Should().Be("/from-process/logs");
        a.Environment["DATA_DIR"].Value.Should().Be("/quoted path");
        a.Environment["CACHE_DIR"].Value.Should().Be("/app/.cache");
        a.Environment["CONFIG_DIR"].Value.Should().Be("$literal");
    }

    [Fact]
    public void Env_file_is_relative_to_the_compose_file_and_environment_wins_over_it()
    {
        using var tree = new TempTree();
        tree.WriteFile("deploy/conf/svc.env", "# settings\nDATA_DIR=/from/env_file\nLOG_DIR=/env_file/logs\n");
        string file = tree.WriteFile("deploy/docker-compose.yml", """
            services:
              a:
                env_file: [conf/svc.env]
                environment:
                  LOG_DIR: /app/logs
            """);

        ComposeService a = ComposeLoader.Load([file], _ => null).Services["a"];

        a.Environment["DATA_DIR"].Value.Should().Be("/from/env_file");
        a.Environment["LOG_DIR"].Value.Should().Be("/app/logs");
    }

    [Fact]
    public void Long_syntax_tmpfs_and_top_level_volumes_are_read()
    {
        using var tree = new TempTree();
        ComposeProject project = ComposeFiles.Load(tree, """
            services:
              a:
                volumes:
                  - type: bind
                    source: ./data
                    target: /app/data
                    read_only: true
                    bind:
                      create_host_path: false
                  - type: tmpfs
                    target: /app/temp
                    tmpfs:
                      size: 100000
                  - type: volume
                    source: models
                    target: /models
                tmpfs: /run/scratch
            volumes:
              models: {}
            """);

        ComposeService a = project.Services["a"];
        a.Volumes["/app/data"].Spec.Should().Be(new VolumeSpec("bind", "./data", "/app/data", true, false));
        a.Volumes["/app/data"].HostPath.Should().Be(tree["data"]);
        a.Volumes["/app/temp"].Spec.Type.Should().Be("tmpfs");
        a.Volumes["/run/scratch"].Spec.Type.Should().Be("tmpfs");
        project.DeclaredVolumes.Should().Contain("models");
    }

    [Fact]
    public void Extends_in_the_same_file_and_another_file()
    {
        using var tree = new TempTree();
        tree.WriteFile("common/base.yml", """
            services:
              base:
                environment:
                  LOG_DIR: /app/logs
                volumes:
                  - ./logs:/app/logs
            """);
        ComposeProject project = ComposeFiles.Load(tree, """
            services:
              local:
                environment:
                  TEMP_DIR: /app/temp
                volumes:
                  - ./temp:/app/temp
              child:
                extends: local
                environment:
                  DATA_DIR: /app/data
              remote:
                extends:
                  file: common/base.yml
                  service: base
                environment:
                  TEMP_DIR: /app/temp
            """);

        project.Services["child"].Environment.Keys.Should().BeEquivalentTo(["TEMP_DIR", "DATA_DIR"]);
        project.Services["child"].Volumes.Keys.Should().Equal("/app/temp");
        project.Services["remote"].Environment.Keys.Should().BeEquivalentTo(["LOG_DIR", "TEMP_DIR"]);
        project.Services["remote"].Volumes["/app/logs"].HostPath.Should().Be(tree["common/logs"], "paths in the extended file are relative to it");
    }

    [Fact]
    public void Several_files_merge_environment_by_name_and_volumes_by_target()
    {
        using var tree = new TempTree();
        string first = ComposeFiles.Write(tree, """
            services:
              a:
                profiles: [gpu]
                environment:
                  TEMP_DIR: /app/temp
                  LOG_DIR: /app/logs
                volumes:
                  - ./temp:/app/temp
                  - ./logs:/app/logs
            """);
        string second = ComposeFiles.Write(tree, """
            services:
              a:
                environment:
                  LOG_DIR: /var/log/callytics
                volumes:
                  - /srv/temp:/app/temp:ro
            """, "docker-compose.override.yml");

        ComposeService a = ComposeLoader.Load([first, second], _ => null).Services["a"];

        a.Environment["TEMP_DIR"].Value.Should().Be("/app/temp");
        a.Environment["LOG_DIR"].Value.Should().Be("/var/log/callytics");
        a.Volumes["/app/temp"].Spec.Should().Be(new VolumeSpec("bind", "/srv/temp", "/app/temp", true));
        a.Volumes["/app/logs"].Spec.Source.Should().Be("./logs");
        a.Profiles.Should().Equal("gpu");
    }

    [Theory]
    [InlineData("services:\n  a:\n    image: x\n   bad: 1\n", 4, 4)]
    [InlineData("services:\n  a: [1, 2\n  b: 3\n", 0, 0)]
    [InlineData("services:\n  a:\n    environment: 'unclosed\n", 3, 18)]
    [InlineData("services:\n\t a: 1\n", 2, 1)]
    [InlineData("- just\n- a list\n", 1, 1)]
    [InlineData("services:\n  a:\n    environment: *nope\n", 3, 18)]
    [InlineData(" : Croap", 0, 0)] // the node builder threw ArgumentException on these (found by fuzzing the manifest reader)
    [InlineData("apa: &a [x, x]\n *a", 0, 0)]
    public void Malformed_yaml_is_a_read_error_with_file_line_and_column(string yaml, int line, int column)
    {
        using var tree = new TempTree();
        string file = ComposeFiles.Write(tree, yaml);

        ComposeReadException error = FluentActions.Invoking(() => ComposeLoader.Load([file], _ => null)).Should().Throw<ComposeReadException>().Which;

        error.File.Should().Be(file);
        if (line > 0)
        {
            (error.Line, error.Column).Should().Be((line, column), error.Message);
        }
        else
        {
            error.Line.Should().BePositive();
        }

        error.Reason.Should().NotBeNullOrWhiteSpace();
    }
}
