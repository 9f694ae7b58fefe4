using Callytics.Paths.Validation;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Linting.Compose;

public class ComposeRulesTests
{
    private static List<Finding> Lint(string service, string? top = null, Action<TempTree>? prepare = null)
    {
        using var tree = new TempTree();
        prepare?.Invoke(tree);
        return ComposeFiles.Lint(tree, $"services:\n  svc:\n{Indent(service, 4)}\n{top}");
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => new string(' ', spaces) + l));

    [Theory]
    [InlineData("TEMP_DIR", "error")]
    [InlineData("LOG_DIR", "error")]
    [InlineData("DATA_DIR", "error")]
    [InlineData("CACHE_DIR", "warning")]
    [InlineData("AUDIO_DIR", "warning")]
    [InlineData("CONFIG_DIR", "note")]
    public void A_role_directory_outside_every_volume_matters_by_role(string variable, string severity)
    {
        Finding finding = Lint($"environment:\n  {variable}: /srv/somewhere\nvolumes:\n  - ./x:/srv/else").Should().ContainSingle().Subject;

        (finding.Code, Finding.SeverityWord(finding.Severity), finding.Subject).Should().Be(("CC101", severity, "svc"));
        (finding.Line, finding.Column).Should().Be((4, 6 + variable.Length + 3), "the position of the value");
        finding.Fix.Should().Contain($"- ./").And.Contain(":/srv/somewhere");
    }

    [Fact]
    public void A_path_beside_a_mounted_one_suggests_it_and_one_inside_a_volume_passes()
    {
        Lint("environment:\n  TEMP_DIR: /app/.temp\nvolumes:\n  - ./temp:/app/temp").Should().ContainSingle()
            .Which.Fix.Should().Contain("Did you mean /app/temp?").And.Contain("TEMP_DIR=/app/temp");
        Lint("environment:\n  TEMP_DIR: /app/temp/sessions\nvolumes:\n  - ./temp:/app/temp").Should().BeEmpty();
        Lint("environment:\n  DATA_DIR: /app/database\nvolumes:\n  - ./data:/app/data").Should().ContainSingle(f => f.Code == "CC101", "/app/data does not hold /app/database");
    }

    [Fact]
    public void Tmpfs_holding_a_role_is_a_warning_that_names_tmpfs()
    {
        Lint("environment:\n  DATA_DIR: /app/data\ntmpfs: /app/data").Should().ContainSingle()
            .Which.Should().Match<Finding>(f => f.Code == "CC102" && f.Severity == FindingSeverity.Warning && f.Message.Contains("tmpfs"));
        Lint("environment:\n  DATA_DIR: /app/data\nvolumes:\n  - type: tmpfs\n    target: /app").Should().ContainSingle(f => f.Code == "CC102");
        Lint("environment:\n  DATA_DIR: /app/data\nvolumes:\n  - ./data:/app/data").Should().BeEmpty();
    }

    [Fact]
    public void A_read_only_volume_holding_a_role_that_writes_is_an_error_but_fine_for_reading_roles()
    {
        Lint("environment:\n  LOG_DIR: /app/logs\nvolumes:\n  - ./logs:/app/logs:ro").Should().ContainSingle()
            .Which.Should().Match<Finding>(f => f.Code == "CC103" && f.Severity == FindingSeverity.Error && f.Line == 6);
        Lint("environment:\n  CACHE_DIR: /app/.cache\nvolumes:\n  - type: bind\n    source: ./c\n    target: /app/.cache\n    read_only: true")
            .Should().ContainSingle(f => f.Code == "CC103");
        Lint("environment:\n  AUDIO_DIR: /app/audio\n  CONFIG_DIR: /app/config\nvolumes:\n  - ./audio:/app/audio:ro\n  - ./config:/app/config:ro").Should().BeEmpty();
    }

    [Fact]
    public void A_CallyticsPaths_section_key_binds_as_in_the_service_and_is_linted_at_its_own_line()
    {
        // The service binds CallyticsPaths__TempDir (the environment provider's `__` is `:`): lint reads it the same.
        Finding finding = Lint("environment:\n  CallyticsPaths__TempDir: /app/.temp\nvolumes:\n  - ./temp:/app/temp").Should().ContainSingle().Subject;
        (finding.Code, finding.Line).Should().Be(("CC101", 4));
        finding.Fix.Should().Contain("Did you mean /app/temp?");

        Lint("environment:\n  TEMP_DIR: /app/temp\n  CallyticsPaths__TempDir: /app/.temp\nvolumes:\n  - ./temp:/app/temp").Should().BeEmpty("the flat variable wins, as in the binder");
        Lint("environment:\n  CallyticsPaths__Roles: logs\nvolumes:\n  - ./temp:/app/temp").Should().ContainSingle()
            .Which.Should().Match<Finding>(f => f.Code == "CC101" && f.Message.StartsWith("LOG_DIR=/app/logs (its default", StringComparison.Ordinal));
    }

    [Fact]
    public void A_relative_root_makes_relative_defaults_as_in_the_service_never_app()
    {
        Finding finding = Lint("environment:\n  CALLYTICS_ROOT: srv\n  CALLYTICS_ROLES: temp\nvolumes:\n  - ./temp:/app/temp").Should().ContainSingle().Subject;

        finding.Code.Should().Be("CC112");
        finding.Message.Should().Contain("TEMP_DIR=srv/temp (its default, under CALLYTICS_ROOT=srv) is relative");
        finding.Fix.Should().Be("Set CALLYTICS_ROOT to an absolute path such as /srv (then TEMP_DIR is /srv/temp), or TEMP_DIR to an absolute container path.",
            "the example given is absolute, never the relative value again");
        Lint("environment:\n  TEMP_DIR: temp\n  CALLYTICS_ROLES: temp").Should().ContainSingle().Which.Fix.Should().Be("Set TEMP_DIR to an absolute container path such as /app/temp.");
    }

    [Fact]
    public void A_read_only_root_refuses_a_written_role_outside_every_volume_instead_of_losing_it()
    {
        // read_only: true: the engine refuses the write (EROFS), so it is CC103, the read-only finding, not CC101.
        Finding logs = Lint("read_only: true\nenvironment:\n  LOG_DIR: /app/logs\n  CONFIG_DIR: /app/config").Should().ContainSingle(f => f.Code != "CC101").Subject;
        (logs.Code, Finding.SeverityWord(logs.Severity), logs.Line).Should().Be(("CC103", "error", 5), "the position of the value");
        logs.Message.Should().Contain("read_only: true at 3:").And.Contain("LOG_DIR=/app/logs").And.Contain("EROFS");
        logs.Fix.Should().Contain("- ./logs:/app/logs");
        Lint("read_only: true\nenvironment:\n  LOG_DIR: /app/logs\n  CONFIG_DIR: /app/config").Should().Contain(f => f.Code == "CC101" && f.Message.StartsWith("CONFIG_DIR", StringComparison.Ordinal),
            "configuration is only read: on a read-only root it comes from the image, as without read_only");

        Lint("read_only: true\nenvironment:\n  DATABASE_URL: sqlite:////app/db/x.sqlite").Should().ContainSingle()
            .Which.Should().Match<Finding>(f => f.Code == "CC103" && f.Message.Contains("SQLite cannot create"));
        Lint("read_only: true\nenvironment:\n  LOG_DIR: /app/logs\nvolumes:\n  - ./logs:/app/logs").Should().BeEmpty("the volume is writable");
        Lint("read_only: false\nenvironment:\n  LOG_DIR: /app/logs").Should().ContainSingle(f => f.Code == "CC101");
    }

    [Fact]
    public void A_three_slash_sqlite_url_is_an_error_showing_the_four_slash_form()
    {
        Finding finding = Lint("environment:\n  DATABASE_URL: sqlite:///app/Callytics_new.sqlite\nvolumes:\n  - ./data:/app").Should().ContainSingle().Subject;
        finding.Code.Should().Be("CC104");
        finding.Fix.Should().Contain("sqlite:////app/Callytics_new.sqlite");
        Lint("environment:\n  DATABASE_URL: sqlite:////app/data/x.sqlite\nvolumes:\n  - ./data:/app/data").Should().BeEmpty();
    }

    [Fact]
    public void A_database_outside_every_volume_is_an_error()
    {
        Lint("environment:\n  DATABASE_URL: sqlite:////app/x.sqlite\nvolumes:\n  - ./data:/app/data").Should().ContainSingle(f => f.Code == "CC105" && f.Severity == FindingSeverity.Error);
        Lint("environment:\n  DATABASE_URL: postgresql://u:pw@db/calls").Should().BeEmpty("a server database needs no volume");
    }

    [Fact]
    public void A_single_file_database_mount_warns_and_is_an_error_when_the_host_file_is_missing()
    {
        string service = "environment:\n  DATABASE_URL: sqlite:////app/Callytics_new.sqlite\nvolumes:\n  - ./Callytics_new.sqlite:/app/Callytics_new.sqlite";
        Lint(service, prepare: t => t.WriteFile("Callytics_new.sqlite", string.Empty)).Select(f => f.Code).Should().Equal("CC106");
        Lint(service).Select(f => f.Code).Should().BeEquivalentTo(["CC106", "CC107"]);
        Lint(service, prepare: t => t.Dir("Callytics_new.sqlite")).Should().Contain(f => f.Code == "CC107" && f.Message.Contains("is a directory"));
    }

    [Fact]
    public void A_windows_host_path_is_a_warning()
    {
        Lint("volumes:\n  - C:\\data:/app/data").Should().ContainSingle(f => f.Code == "CC108" && f.Severity == FindingSeverity.Warning);
        Lint("volumes:\n  - ./data:/app/data").Should().NotContain(f => f.Code == "CC108", "a relative host path is portable (the mount itself earns the CC114 note)");
    }

    [Fact]
    public void An_undeclared_named_volume_is_an_error()
    {
        Lint("volumes:\n  - models:/models").Should().ContainSingle(f => f.Code == "CC110" && f.Severity == FindingSeverity.Error);
        Lint("volumes:\n  - models:/models", "volumes:\n  models:\n").Should().BeEmpty();
    }

    [Fact]
    public void Services_mounting_one_host_folder_at_different_paths_with_different_variables_disagree()
    {
        using var tree = new TempTree();
        List<Finding> findings = ComposeFiles.Lint(tree, """
            services:
              a:
                environment: { TEMP_DIR: /app/temp }
                volumes: [./temp:/app/temp]
              b:
                environment: { TEMP_DIR: /app/.temp }
                volumes: [./temp:/app/.temp]
              c:
                environment: { TEMP_DIR: /app/temp }
                volumes: [./temp:/app/temp]
            """);

        findings.Should().AllSatisfy(f => f.Code.Should().Be("CC109")).And.HaveCount(2, "b disagrees with a and with c; a and c agree");
        findings.Should().Contain(f => f.Subject == "b" && f.Message.Contains("./temp is mounted at /app/temp in a and at /app/.temp in b"));
    }

    [Fact]
    public void A_value_that_cannot_be_decided_says_so()
    {
        Finding note = Lint("environment:\n  TEMP_DIR: ${SCRATCH}/temp\nvolumes:\n  - ./temp:/srv/scratch/temp").Should().Contain(f => f.Code == "CC111").Subject;
        note.Message.Should().Contain("$SCRATCH").And.Contain("not set");
    }

    [Fact]
    public void A_required_variable_that_is_missing_is_what_compose_would_refuse()
    {
        Lint("environment:\n  TEMP_DIR: ${SCRATCH:?set SCRATCH}\nvolumes:\n  - ./temp:/app/temp").Should().Contain(f => f.Code == "CC193" && f.Severity == FindingSeverity.Error);
    }

    [Theory]
    [InlineData("C:\\\\temp")]
    [InlineData("relative/temp")]
    [InlineData("~/temp")]
    [InlineData("\"\"")]
    public void Values_that_are_no_usable_path_are_errors(string value)
    {
        Lint($"environment:\n  TEMP_DIR: {value}").Should().ContainSingle(f => f.Code == "CC112" && f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public void Secrets_in_values_are_masked_in_every_finding()
    {
        using var tree = new TempTree();
        List<Finding> findings = ComposeFiles.Lint(tree, """
            services:
              a:
                environment:
                  DATABASE_URL: sqlite://admin:hunter2@/x.db
              b:
                environment:
                  DATABASE_URL: postgresql://u:${PASS}@db:bad/x
            """, new() { ["PASS"] = "hunter2" });

        findings.Should().NotBeEmpty();
        findings.Should().AllSatisfy(f => (f.Message + f.Fix).Should().NotContain("hunter2"));
    }

    [Fact]
    public void The_realistic_corpus_finds_the_field_failures()
    {
        List<Finding> findings = ComposeRules.Lint(ComposeLoader.Load([ComposeFiles.Path("realistic/docker-compose.yml")], _ => null), ComposeFiles.CappedDaemon);

        findings.Should().Contain(f => f.Code == "CC101" && f.Subject == "api-gateway" && f.Message.StartsWith("TEMP_DIR=/app/.temp", StringComparison.Ordinal));
        findings.Should().Contain(f => f.Code == "CC104" && f.Subject == "api-gateway");
        findings.Should().Contain(f => f.Code == "CC101" && f.Subject == "speaker-diarizer");
        findings.Should().Contain(f => f.Code == "CC101" && f.Subject == "sentiment-analyzer" && f.Message.StartsWith("DATA_DIR", StringComparison.Ordinal), "extends brings DATA_DIR without its volume");
        findings.Should().NotContain(f => f.Subject == "audio-processor" && f.Message.StartsWith("DATA_DIR", StringComparison.Ordinal), "env_file's DATA_DIR is mounted by the long-syntax volume");
        findings.Should().NotContain(f => (f.Message + f.Fix).Contains("s3cret"));
    }

    [Fact]
    public void A_sqlite_file_bound_alone_is_a_warning_whatever_the_variable_and_says_which_signal_told()
    {
        // Issue #32 §6: a migrator outside our naming, read-only, by its name.
        Finding migrator = Lint("environment:\n  SQLITE_PATH: /app/app.db\nvolumes:\n  - ./app.db:/app/app.db:ro", prepare: t => t.WriteFile("app.db", string.Empty))
            .Should().ContainSingle(f => f.Code == "CC115").Subject;
        migrator.Severity.Should().Be(FindingSeverity.Warning);
        migrator.Message.Should().Contain("its name ends in .db").And.Contain("read-only").And.Contain("-shm");
        migrator.Fix.Should().Contain("- .:/app:ro");

        // By its host file's header, whatever the name; writable.
        Finding store = Lint("volumes:\n  - ./state/store.bin:/srv/store.bin", prepare: t => t.WriteFile("state/store.bin", "SQLite format 3\0 and pages"))
            .Should().ContainSingle(f => f.Code == "CC115").Subject;
        store.Message.Should().Contain("its host file starts with the SQLite header").And.Contain("-journal, -wal and -shm");
        store.Fix.Should().Contain("- ./state:/srv");

        Lint("volumes:\n  - ./state:/srv/state", prepare: t => t.Dir("state/x.db")).Should().NotContain(f => f.Code == "CC115", "a folder is not a single file");
        Lint("volumes:\n  - ./notes.txt:/srv/notes.txt", prepare: t => t.WriteFile("notes.txt", "text")).Should().NotContain(f => f.Code == "CC115");
        Lint("environment:\n  DATABASE_URL: sqlite:////app/db.sqlite\n  CALLYTICS_ROLES: database\nvolumes:\n  - ./db.sqlite:/app/db.sqlite", prepare: t => t.WriteFile("db.sqlite", string.Empty))
            .Select(f => f.Code).Should().Contain("CC106").And.NotContain("CC115", "the service's own database is CC106's");
    }

    [Fact]
    public void CC114_suggests_the_database_role_for_a_file_at_the_default_database_path()
    {
        Finding note = Lint("volumes:\n  - ./data:/app/data\n  - ./Callytics_new.sqlite:/app/Callytics_new.sqlite", prepare: t => t.WriteFile("Callytics_new.sqlite", string.Empty))
            .Should().ContainSingle(f => f.Code == "CC114").Subject;

        note.Message.Should().Contain("/app/Callytics_new.sqlite");
        note.Fix.Should().Contain("data,database");
    }
}
