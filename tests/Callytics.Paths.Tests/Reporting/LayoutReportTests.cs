using System.Text.Json;
using Callytics.Paths.Reporting;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Reporting;

public class LayoutReportTests
{
    [Fact]
    public void The_json_has_the_documented_shape_for_every_role()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        tree.WriteFile("app/data/Callytics_new.sqlite", new string('x', 4096));

        JsonElement json = JsonDocument.Parse(LayoutReport.Create(paths).ToJson()).RootElement;

        json.GetProperty("ok").GetBoolean().Should().BeTrue();
        json.GetProperty("inContainer").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
        json.GetProperty("mountCheck").GetString().Should().Be("off");
        json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("audio", "temp", "logs", "data", "config", "cache", "database");
        JsonElement roles = json.GetProperty("paths");
        roles.EnumerateObject().Select(p => p.Name).Should().Equal("audio", "temp", "logs", "data", "config", "cache", "database");
        foreach (JsonProperty role in roles.EnumerateObject())
        {
            role.Value.EnumerateObject().Select(p => p.Name).Should().Equal(
                "variable", "used", "path", "exists", "type", "writable", "size", "mounted", "mountPoint", "fsType", "readOnly", "freeBytes", "totalBytes", "problems");
        }

        JsonElement temp = roles.GetProperty("temp");
        temp.GetProperty("variable").GetString().Should().Be("TEMP_DIR");
        temp.GetProperty("path").GetString().Should().Be(paths.TempDir);
        temp.GetProperty("exists").GetBoolean().Should().BeTrue();
        temp.GetProperty("type").GetString().Should().Be("directory");
        temp.GetProperty("writable").GetBoolean().Should().BeTrue();
        temp.GetProperty("freeBytes").GetInt64().Should().BePositive();
        temp.GetProperty("totalBytes").GetInt64().Should().BeGreaterThanOrEqualTo(temp.GetProperty("freeBytes").GetInt64());
        temp.GetProperty("mountPoint").GetString().Should().StartWith("/");
        temp.GetProperty("problems")[0].GetProperty("code").GetString().Should().Be("CP101", "it was created");

        JsonElement database = roles.GetProperty("database");
        database.GetProperty("type").GetString().Should().Be("file");
        database.GetProperty("size").GetInt64().Should().Be(4096);
        database.GetProperty("writable").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Without_creating_a_missing_directory_is_reported_missing_with_its_problem()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();

        LayoutReport report = LayoutReport.Create(paths, new Callytics.Paths.Validation.PathValidationSettings { CreateMissingDirectories = false });

        report.Ok.Should().BeTrue("missing directories are created at start-up: a warning, not an error");
        report.Paths["logs"].Exists.Should().BeFalse();
        report.Paths["logs"].Type.Should().BeNull();
        report.Paths["logs"].Problems.Should().ContainSingle().Which.Code.Should().Be("CP102");
        Directory.Exists(tree["app"]).Should().BeFalse();
    }

    [Fact]
    public void Errors_make_the_report_not_ok_and_sit_under_their_path()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.LogDir = "C:\\logs";

        LayoutReport report = LayoutReport.Create(paths);

        report.Ok.Should().BeFalse();
        report.Paths["logs"].Path.Should().Be("C:\\logs");
        report.Paths["logs"].Exists.Should().BeNull("nothing on disk is looked at for a malformed value");
        report.Paths["logs"].Problems.Should().ContainSingle().Which.Severity.Should().Be("error");
    }

    [Fact]
    public void A_server_database_is_reported_with_its_password_masked()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.DatabaseUrl = "postgresql://calls:hunter2@db:5432/calls";

        string json = LayoutReport.Create(paths).ToJson();

        json.Should().NotContain("hunter2").And.Contain("postgresql://calls:***@db:5432/calls");
    }

    [Fact]
    public void Read_only_roles_report_the_kernels_write_access()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();

        LayoutReport report = LayoutReport.Create(paths);

        report.Paths["audio"].Writable.Should().BeTrue("root may write there, though the service only reads");
        report.Paths["config"].Exists.Should().BeTrue();
    }
}
