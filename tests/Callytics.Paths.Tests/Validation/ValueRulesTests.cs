using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Validation;

public class ValueRulesTests
{
    [Theory]
    [InlineData("", FindingCodes.ValueEmpty)]
    [InlineData("   ", FindingCodes.ValueEmpty)]
    [InlineData("/app/te\0mp", FindingCodes.ValueControlCharacter)]
    [InlineData("/app/temp\n", FindingCodes.ValueControlCharacter)]
    [InlineData("/app/\u007ftemp", FindingCodes.ValueControlCharacter)]
    [InlineData("C:\\callytics\\temp", FindingCodes.ValueWindowsPath)]
    [InlineData("C:/callytics/temp", FindingCodes.ValueWindowsPath)]
    [InlineData("d:", FindingCodes.ValueWindowsPath)]
    [InlineData("\\\\server\\share\\temp", FindingCodes.ValueWindowsPath)]
    [InlineData("~/temp", FindingCodes.ValueTilde)]
    [InlineData("file:///app/temp", FindingCodes.ValueIsUrl)]
    [InlineData("s3://bucket/temp", FindingCodes.ValueIsUrl)]
    [InlineData("~", FindingCodes.ValueTilde)]
    public void Malformed_values_are_errors_that_name_variable_value_and_fix(string value, string code)
    {
        PathFinding? finding = ValueRules.Check("TEMP_DIR", value);

        finding.Should().NotBeNull();
        finding!.Severity.Should().Be(FindingSeverity.Error);
        finding.Code.Should().Be(code);
        finding.Variable.Should().Be("TEMP_DIR");
        finding.Message.Should().StartWith("TEMP_DIR ");
        finding.Fix.Should().NotBeNullOrWhiteSpace();
        finding.Path.Should().NotContain("\0").And.NotContain("\n");
    }

    [Fact]
    public void Paths_longer_than_the_system_allows_are_errors()
    {
        ValueRules.Check("DATA_DIR", "/" + new string('a', 5000))!.Code.Should().Be(FindingCodes.ValueTooLong);
        ValueRules.Check("DATA_DIR", "/" + string.Join('/', Enumerable.Repeat("ab", 2000)))!.Code.Should().Be(FindingCodes.ValueTooLong);
        ValueRules.Check("DATA_DIR", "/app/" + new string('n', 256))!.Code.Should().Be(FindingCodes.ValueTooLong);
        ValueRules.Check("DATA_DIR", "/app/" + new string('n', 255)).Should().BeNull();
    }

    [Fact]
    public void A_url_with_a_password_where_a_path_belongs_is_shown_masked()
    {
        PathFinding finding = ValueRules.Check("LOG_DIR", "ftp://user:hunter2@host/logs")!;
        finding.ToString().Should().NotContain("hunter2").And.Contain("user:***@host");
    }

    [Fact]
    public void A_5000_character_value_is_shown_shortened()
    {
        PathFinding finding = ValueRules.Check("DATA_DIR", "/" + new string('a', 5000))!;
        finding.Path.Length.Should().BeLessThan(250);
        finding.Path.Should().Contain("5001 characters");
    }

    [Theory]
    [InlineData("/app/temp")]
    [InlineData("relative/temp")]
    [InlineData("/app/données/日本語")]
    [InlineData("/app/with space")]
    [InlineData("/app/back\\slash")]
    [InlineData("//server/share")]
    public void Plausible_linux_paths_pass(string value)
    {
        ValueRules.Check("TEMP_DIR", value).Should().BeNull();
    }

    [Fact]
    public void Malformed_values_create_nothing()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();
        paths.TempDir = "~/temp";
        paths.LogDir = "C:\\logs";
        paths.DataDir = "data\0";
        string before = Environment.CurrentDirectory;
        var entriesBefore = Directory.GetFileSystemEntries(before);

        PathValidationResult result = CallyticsPathsValidator.Validate(paths, new PathValidationSettings { WorkingDirectory = tree.Root });

        result.Errors.Select(e => e.Variable).Should().BeEquivalentTo(["TEMP_DIR", "LOG_DIR", "DATA_DIR"]);
        Directory.GetFileSystemEntries(tree.Root).Select(Path.GetFileName).Should().Equal("app");
        Directory.Exists(tree["~"]).Should().BeFalse();
        Directory.GetFileSystemEntries(before).Should().BeEquivalentTo(entriesBefore);
    }
}
