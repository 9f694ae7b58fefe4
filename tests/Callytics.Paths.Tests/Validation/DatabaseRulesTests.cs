using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Validation;

public class DatabaseRulesTests
{
    private static PathValidationResult Validate(CallyticsPaths paths, string? workingDirectory = null) =>
        CallyticsPathsValidator.Validate(paths, new PathValidationSettings { WorkingDirectory = workingDirectory });

    [Fact]
    public void A_missing_database_is_fine_and_is_not_created()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.DatabaseUrl = "sqlite:///" + tree["app/db/Callytics_new.sqlite"];

        PathValidationResult result = Validate(paths);

        result.HasErrors.Should().BeFalse(string.Join('\n', result.Findings));
        Directory.Exists(tree["app/db"]).Should().BeTrue("the database's directory is created");
        File.Exists(tree["app/db/Callytics_new.sqlite"]).Should().BeFalse("validation never creates the database");
        result.Database!.FilePath.Should().Be(tree["app/db/Callytics_new.sqlite"]);
    }

    [Fact]
    public void An_existing_database_is_neither_modified_nor_opened_for_writing()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        string database = tree.WriteFile("app/data/Callytics_new.sqlite", "SQLite format 3\0 pretend");
        // relatime: with the access time older than the modification time, any read would move it.
        var modified = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var accessed = modified - TimeSpan.FromHours(1);
        File.SetLastWriteTimeUtc(database, modified);
        File.SetLastAccessTimeUtc(database, accessed);

        Validate(paths).HasErrors.Should().BeFalse();

        File.GetLastWriteTimeUtc(database).Should().Be(modified);
        File.GetLastAccessTimeUtc(database).Should().Be(accessed, "validation never reads the database");
        File.ReadAllText(database).Should().Be("SQLite format 3\0 pretend");
    }

    [Fact]
    public void A_three_slash_url_warns_with_the_resolved_path_and_the_four_slash_url()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.DatabaseUrl = "sqlite:///app/x.sqlite";

        PathValidationResult result = Validate(paths, workingDirectory: tree.Root);

        PathFinding warning = result.Warnings.Should().ContainSingle().Subject;
        warning.Code.Should().Be(FindingCodes.DatabaseRelativePath);
        warning.Variable.Should().Be("DATABASE_URL");
        warning.Message.Should().Contain($"resolves to {tree["app/x.sqlite"]}").And.Contain("did you mean sqlite:////app/x.sqlite");
        warning.Fix.Should().Contain("DATABASE_URL=sqlite:////app/x.sqlite");
    }

    [Fact]
    public void A_database_finding_shows_the_url_masked_and_then_the_file_it_names()
    {
        // Issue #33: the line showed DATABASE_URL=/app/…/x.sqlite, a value nobody set. The value is a URL.
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        tree.Dir("app/data/Callytics_new.sqlite");
        paths.DatabaseUrl = "sqlite:///" + tree["app/data/Callytics_new.sqlite"] + "?password=hunter2";

        PathFinding error = Validate(paths).Errors.Should().ContainSingle().Subject;

        error.ToString().Should().StartWith($"[{FindingCodes.DatabaseIsDirectory}] DATABASE_URL=sqlite:///{tree["app/data/Callytics_new.sqlite"]}?password=")
            .And.Contain($" ({tree["app/data/Callytics_new.sqlite"]}): ").And.NotContain("hunter2");
        error.Path.Should().Be(tree["app/data/Callytics_new.sqlite"], "the path stays the file, for reports and JSON");
    }

    [Fact]
    public void A_directory_at_the_database_path_is_an_error_explaining_docker_and_the_fix()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        tree.Dir("app/data/Callytics_new.sqlite");

        PathFinding error = Validate(paths).Errors.Should().ContainSingle().Subject;

        error.Code.Should().Be(FindingCodes.DatabaseIsDirectory);
        error.Message.Should().Contain("is a directory").And.Contain("Docker creates a directory");
        error.Fix.Should().Contain("touch").And.Contain("mount a directory");
    }

    [Fact]
    public void A_special_file_at_the_database_path_is_an_error()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.DatabaseUrl = "sqlite:////dev/null";

        PathValidationResult result = Validate(paths);

        result.Errors.Should().Contain(e => e.Code == FindingCodes.DatabaseNotRegularFile && e.Message.Contains("character device"));
    }

    [Fact]
    public void A_sqlite_url_with_credentials_is_an_error_that_masks_the_password()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.DatabaseUrl = "sqlite://admin:hunter2@localhost/x.db";

        PathFinding error = Validate(paths).Errors.Should().ContainSingle().Subject;

        error.Code.Should().Be(FindingCodes.DatabaseUrlInvalid);
        error.ToString().Should().NotContain("hunter2").And.Contain("admin:***@localhost");
    }

    [Theory]
    [InlineData("postgresql://calls:hunter2@db:5432/calls", "postgresql server")]
    [InlineData("sqlite://", "in-memory")]
    public void Server_and_memory_databases_are_information_only(string url, string words)
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.DatabaseUrl = url;

        PathValidationResult result = Validate(paths);

        result.HasErrors.Should().BeFalse();
        PathFinding info = result.Findings.Single(f => f.Code == FindingCodes.DatabaseNotOnDisk);
        info.Message.Should().Contain(words);
        string.Join('\n', result.Findings).Should().NotContain("hunter2");
    }

    [Fact]
    public void A_read_only_uri_needs_the_file_to_exist()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.DatabaseUrl = $"sqlite:///file:{tree["app/data/ro.sqlite"]}?mode=ro&uri=true";

        Validate(paths).Errors.Should().ContainSingle(e => e.Code == FindingCodes.DatabaseNotAccessible && e.Message.Contains("does not exist"));

        tree.WriteFile("app/data/ro.sqlite");
        Validate(paths).HasErrors.Should().BeFalse();
    }
}
