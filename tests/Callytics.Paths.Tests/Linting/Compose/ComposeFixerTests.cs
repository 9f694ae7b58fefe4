using Callytics.Paths.Validation;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Linting.Compose;

public class ComposeFixerTests
{
    [Fact]
    public void A_variable_beside_its_mounted_path_is_pointed_at_it_keeping_comments_and_quotes()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                environment:
                  TEMP_DIR: "/app/.temp"   # 세션 파일 (session files)
                volumes:
                  - ./temp:/app/temp
            """);

        result.Text.Should().Be("""
            services:
              api:
                environment:
                  TEMP_DIR: "/app/temp"   # 세션 파일 (session files)
                volumes:
                  - ./temp:/app/temp
            """);
        result.Changes.Should().ContainSingle().Which.Should().Contain("TEMP_DIR /app/.temp → /app/temp");
    }

    [Fact]
    public void Missing_standard_volume_lines_follow_the_list_style_and_indentation()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                environment:
                  - CACHE_DIR=/app/.cache
                  - LOG_DIR=/app/logs
                volumes:
                - 'models:/models'
            volumes:
              models:
            """);

        result.Text.Should().Be("""
            services:
              api:
                environment:
                  - CACHE_DIR=/app/.cache
                  - LOG_DIR=/app/logs
                volumes:
                - 'models:/models'
                - './logs:/app/logs'
                - './.cache:/app/.cache'
            volumes:
              models:
            """);
    }

    [Fact]
    public void A_service_without_volumes_gets_a_volumes_key_after_its_last_line()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                image: x
                environment:
                  DATA_DIR: /app/data
                # trailing comment of api

              other:
                image: y
            """);

        result.Text.Should().Be("""
            services:
              api:
                image: x
                environment:
                  DATA_DIR: /app/data
                volumes:
                  - ./data:/app/data
                # trailing comment of api

              other:
                image: y
            """);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void A_file_without_a_final_newline_keeps_none_when_the_fix_adds_to_its_end_and_one_with_it_keeps_it(string newline)
    {
        using var tree = new TempTree();
        string before = string.Join(newline, "services:", "  api:", "    image: x", "    environment:", "      DATA_DIR: /app/data");
        string after = string.Join(newline, "services:", "  api:", "    image: x", "    environment:", "      DATA_DIR: /app/data", "    volumes:", "      - ./data:/app/data");

        ComposeFiles.Fix(tree, before).Text.Should().Be(after);
        ComposeFiles.Fix(tree, before + newline).Text.Should().Be(after + newline);
    }

    [Fact]
    public void Long_syntax_siblings_get_a_long_syntax_line()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                environment: { LOG_DIR: /app/logs }
                volumes:
                  - type: bind
                    source: ./data
                    target: /app/data
            """);

        result.Text.Should().EndWith("""
                  - type: bind
                    source: ./data
                    target: /app/data
                  - type: bind
                    source: ./logs
                    target: /app/logs
            """);
    }

    [Fact]
    public void A_database_outside_every_volume_moves_into_the_data_volume_never_onto_a_single_file_mount()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                environment:
                  DATABASE_URL: sqlite:///app/Callytics_new.sqlite
                volumes:
                  - ./temp:/app/temp
            """);

        result.Text.Should().Contain("DATABASE_URL: sqlite:////app/data/Callytics_new.sqlite").And.Contain("- ./data:/app/data")
            .And.NotContain("Callytics_new.sqlite:/app");
        result.Moves.Should().BeEmpty("the old database was in the container layer: the change says how to copy it out");
        result.Skipped.Should().Contain(c => c.Contains("docker cp \"$(docker-compose ps -q api)\":/app/Callytics_new.sqlite ", StringComparison.Ordinal) && c.Contains("with Compose v2, `docker compose ps -q api`", StringComparison.Ordinal),
            "a suggestion with a command Compose v1 has too, not a change");
        result.Changes.Should().NotContain(c => c.Contains("docker", StringComparison.Ordinal));
        ComposeFiles.Lint(tree, result.Text).Should().BeEmpty("the fixed file lints clean");
    }

    [Fact]
    public void A_single_file_database_mount_becomes_the_data_volume_and_its_host_files_are_to_move_there()
    {
        using var tree = new TempTree();
        tree.WriteFile("Callytics_new.sqlite", "db");
        tree.WriteFile("Callytics_new.sqlite-wal", "wal");
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                environment:
                  DATABASE_URL: sqlite:////app/Callytics_new.sqlite
                volumes:
                  - ./temp:/app/temp
                  - ./Callytics_new.sqlite:/app/Callytics_new.sqlite
            """);

        result.Text.Should().Contain("DATABASE_URL: sqlite:////app/data/Callytics_new.sqlite").And.EndWith("      - ./temp:/app/temp\n      - ./data:/app/data")
            .And.NotContain("./Callytics_new.sqlite:/app/Callytics_new.sqlite");
        result.Moves.Should().Equal((tree["Callytics_new.sqlite"], tree["data/Callytics_new.sqlite"]), (tree["Callytics_new.sqlite-wal"], tree["data/Callytics_new.sqlite-wal"]));
        ComposeFiles.Lint(tree, result.Text).Should().NotContain(f => f.Code == "CC106" || f.Code == "CC105");
    }

    [Fact]
    public void A_value_interpolated_from_a_variable_is_reported_and_no_second_mount_is_added()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                environment:
                  TEMP_DIR: ${TEMP:-/app/.temp}
                volumes:
                  - ./temp:/app/temp
            """);

        result.Text.Should().NotContain("./temp:/app/.temp", "one host folder at two container paths would be worse than the finding");
        result.Skipped.Should().ContainSingle(s => s.Contains("TEMP_DIR should be /app/temp", StringComparison.Ordinal) && s.Contains("interpolated", StringComparison.Ordinal));
    }

    [Fact]
    public void A_windows_host_path_is_reported_as_not_fixed_naming_the_code()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, "services:\n  api:\n    environment:\n      DATA_DIR: /app/data\n    volumes:\n      - C:\\data:/app/data\n");

        result.Skipped.Should().ContainSingle(s => s.Contains("CC108", StringComparison.Ordinal) && s.Contains("Windows host path", StringComparison.Ordinal));
    }

    [Fact]
    public void Data_is_never_pointed_elsewhere_and_a_database_in_no_volume_goes_into_the_data_volume_with_how_to_copy_it_out()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                environment:
                  DATA_DIR: /app/.data
                  DATABASE_URL: sqlite:////app/Callytics_new.sqlite
                volumes:
                  - ./data:/app/data
            """);

        result.Text.Should().Contain("DATA_DIR: /app/.data").And.Contain("- ./data:/app/.data").And.Contain("sqlite:////app/data/Callytics_new.sqlite");
        result.Skipped.Should().Contain(c => c.Contains("docker cp \"$(docker-compose ps -q api)\":/app/Callytics_new.sqlite ", StringComparison.Ordinal) && c.Contains("with Compose v2, `docker compose ps -q api`", StringComparison.Ordinal),
            "a suggestion with a command Compose v1 has too, not a change");
        result.Changes.Should().NotContain(c => c.Contains("docker", StringComparison.Ordinal));
    }

    [Fact]
    public void Volumes_shared_through_an_anchor_are_written_out_for_the_one_service_that_needs_more()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            x-common-volumes: &common-volumes
              - ./logs:/app/logs
              - "./.cache:/app/.cache"

            services:
              diarizer:
                environment:
                  TEMP_DIR: /app/temp
                  LOG_DIR: /app/logs
                volumes: *common-volumes   # 공통 (shared)
              monitor:
                environment:
                  LOG_DIR: /app/logs
                volumes: *common-volumes

            """);

        result.Text.Should().Be("""
            x-common-volumes: &common-volumes
              - ./logs:/app/logs
              - "./.cache:/app/.cache"

            services:
              diarizer:
                environment:
                  TEMP_DIR: /app/temp
                  LOG_DIR: /app/logs
                volumes: # 공통 (shared)
                  - ./logs:/app/logs
                  - "./.cache:/app/.cache"
                  - ./temp:/app/temp
              monitor:
                environment:
                  LOG_DIR: /app/logs
                volumes: *common-volumes

            """);
        result.Changes.Should().Contain(c => c.Contains("from the anchor common-volumes written out", StringComparison.Ordinal));
        ComposeFiles.Lint(tree, result.Text).Should().BeEmpty();
    }

    [Fact]
    public void The_fixer_answers_lint_findings_only_a_service_with_none_is_left_byte_for_byte()
    {
        using var tree = new TempTree();
        const string good = """
              good:
                environment:
                  CALLYTICS_ROLES: temp,logs,cache
                  TEMP_DIR: /app/temp
                tmpfs:
                  - /app/temp
                volumes:
                  - ./logs:/app/logs
                  - cache:/app/.cache
            """;
        string yaml = "services:\n" + good + "\n" + """
              bad:
                environment:
                  TEMP_DIR: /app/.temp
                  CACHE_DIR: /app/.cache
                tmpfs:
                  - /app/.cache
                volumes:
                  - ./temp:/app/temp
            volumes:
              cache: {}

            """;
        ComposeFiles.Lint(tree, yaml).Select(f => (f.Subject, f.Code, f.Variable)).Should().BeEquivalentTo(
            [("bad", "CC101", "TEMP_DIR"), ("bad", "CC102", "CACHE_DIR")], "temp on a tmpfs is flagged by no rule, so good has no finding");

        ComposeFixer.Result result = ComposeFiles.Fix(tree, yaml);

        result.Text.Should().StartWith("services:\n" + good + "\n", "the fixer touches what lint found, and only that");
        result.Changes.Should().OnlyContain(c => c.StartsWith("bad: ", StringComparison.Ordinal)).And.Contain(c => c.StartsWith("bad: TEMP_DIR /app/.temp → /app/temp", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("bad: the tmpfs at /app/.cache → ./.cache:/app/.cache", StringComparison.Ordinal));
        ComposeFiles.Lint(tree, result.Text).Should().BeEmpty();
    }

    [Fact]
    public void A_tmpfs_holding_data_gives_way_to_the_data_folder_while_a_tmpfs_for_temp_stays()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              worker:
                environment:
                  DATA_DIR: /app/data
                  TEMP_DIR: /app/temp
                tmpfs:
                  - /app/data
                  - /app/temp

            """);

        result.Text.Should().Be("""
            services:
              worker:
                environment:
                  DATA_DIR: /app/data
                  TEMP_DIR: /app/temp
                tmpfs:
                  - /app/temp
                volumes:
                  - ./data:/app/data

            """);
        result.Changes.Should().Contain(c => c.Contains("the tmpfs at /app/data → ./data:/app/data", StringComparison.Ordinal));
        ComposeFiles.Lint(tree, result.Text).Should().BeEmpty("temp on a tmpfs is fine, as at run time (CP503 is not raised for temp): temp files may be lost");
    }

    [Fact]
    public void A_tmpfs_written_as_one_value_is_left_with_what_to_do()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, "services:\n  worker:\n    environment:\n      DATA_DIR: /app/data\n    tmpfs: /app/data\n");

        result.Skipped.Should().ContainSingle().Which.Should().Contain("DATA_DIR=/app/data is on a tmpfs").And.Contain("./data:/app/data");
    }

    [Fact]
    public void A_read_only_volume_a_role_writes_becomes_read_write_and_undeclared_volumes_are_declared()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, """
            services:
              api:
                environment:
                  LOG_DIR: /app/logs
                  AUDIO_DIR: /app/audio
                volumes:
                  - ./logs:/app/logs:ro,z
                  - ./audio:/app/audio:ro
                  - models:/models
            """);

        result.Text.Should().Contain("- ./logs:/app/logs:z").And.Contain("- ./audio:/app/audio:ro", "audio is only read").And.EndWith("\nvolumes:\n  models:");
    }

    [Theory]
    [InlineData("    volumes: [./x:/srv/x]\n", "flow list")]
    [InlineData("    volumes: *long\n", "flow list, an alias")]
    public void Where_it_cannot_edit_safely_it_says_so_and_changes_nothing_there(string volumes, string reason)
    {
        using var tree = new TempTree();
        string yaml = "x-vols: &vols\n  - ./x:/srv/x\nx-long: &long\n  - type: bind\n    source: ./x\n    target: /srv/x\nservices:\n  api:\n    environment:\n      LOG_DIR: /app/logs\n" + volumes;

        ComposeFixer.Result result = ComposeFiles.Fix(tree, yaml);

        result.Text.Should().Be(yaml);
        result.Skipped.Should().ContainSingle().Which.Should().Contain(reason).And.Contain("./logs:/app/logs");
    }

    [Fact]
    public void Values_from_anchors_or_variables_are_not_edited_but_reported()
    {
        using var tree = new TempTree();
        string yaml = """
            x-env: &env
              TEMP_DIR: /app/.temp
            services:
              a:
                environment:
                  <<: *env
                volumes: [./temp:/app/temp]
              b:
                environment:
                  LOG_DIR: ${LOGS:-/app/.logs}
                volumes:
                  - ./logs:/app/logs
            """;

        ComposeFixer.Result result = ComposeFiles.Fix(tree, yaml);

        result.Text.Should().Contain("TEMP_DIR: /app/.temp").And.Contain("LOG_DIR: ${LOGS:-/app/.logs}");
        result.Skipped.Should().Contain(s => s.Contains("anchor")).And.Contain(s => s.Contains("interpolated"));
    }

    [Fact]
    public void Line_endings_and_a_missing_final_newline_are_kept()
    {
        using var tree = new TempTree();
        string yaml = "services:\r\n  a:\r\n    environment:\r\n      LOG_DIR: /app/logs\r\n    volumes:\r\n      - ./x:/x";

        ComposeFixer.Result result = ComposeFiles.Fix(tree, yaml);

        result.Text.Should().Be("services:\r\n  a:\r\n    environment:\r\n      LOG_DIR: /app/logs\r\n    volumes:\r\n      - ./x:/x\r\n      - ./logs:/app/logs");
    }

    [Fact]
    public void Only_the_named_services_are_fixed()
    {
        using var tree = new TempTree();
        ComposeFixer.Result result = ComposeFiles.Fix(tree, "services:\n  a:\n    environment: {LOG_DIR: /app/logs}\n    volumes: []\n  b:\n    environment:\n      LOG_DIR: /app/logs\n", "b");

        result.Text.Should().EndWith("      LOG_DIR: /app/logs\n    volumes:\n      - ./logs:/app/logs\n");
        result.Skipped.Should().BeEmpty("a is not fixed, so its flow list is not even looked at");
    }

    [Fact]
    public void The_realistic_corpus_fixes_every_error_it_can_and_keeps_every_comment()
    {
        using var tree = new TempTree();
        string original = File.ReadAllText(ComposeFiles.Path("realistic/docker-compose.yml"));
        string path = tree.WriteFile("docker-compose.yml", original);
        tree.WriteFile("audio.env", File.ReadAllText(ComposeFiles.Path("realistic/audio.env")));
        tree.WriteFile("Callytics_new.sqlite", string.Empty);

        ComposeFixer.Result result = ComposeFixer.Fix(ComposeDocument.Load(path), _ => null, [], daemon: ComposeFiles.CappedDaemon);
        File.WriteAllText(path, result.Text);
        List<Finding> after = ComposeRules.Lint(ComposeLoader.Load([path], _ => null), ComposeFiles.CappedDaemon);

        foreach (string comment in original.Split('\n').Where(l => l.Contains('#')).Select(l => l[l.IndexOf('#')..]))
        {
            result.Text.Should().Contain(comment);
        }

        after.Where(f => f.Severity == FindingSeverity.Error).Should().BeEmpty("speaker-diarizer's volumes from the anchor are written out in the service");
        result.Skipped.Should().BeEmpty();
        result.Changes.Should().Contain(c => c.StartsWith("speaker-diarizer: its volumes from the anchor common-volumes", StringComparison.Ordinal));
    }
}
