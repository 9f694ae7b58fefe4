using Callytics.Paths.Configuration;
using Microsoft.Extensions.Configuration;

namespace Callytics.Paths.Tests.Configuration;

public class CallyticsPathsBinderTests
{
    private static CallyticsPaths Bind(params (string Key, string? Value)[] values)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var paths = new CallyticsPaths();
        CallyticsPathsBinder.Bind(configuration, paths);
        return paths;
    }

    [Fact]
    public void Defaults_hang_from_app_when_nothing_is_set()
    {
        CallyticsPaths paths = Bind();

        paths.AudioDir.Should().Be("/app/audio");
        paths.TempDir.Should().Be("/app/temp");
        paths.LogDir.Should().Be("/app/logs");
        paths.DataDir.Should().Be("/app/data");
        paths.ConfigDir.Should().Be("/app/config");
        paths.CacheDir.Should().Be("/app/.cache");
        paths.DatabaseUrl.Should().Be("sqlite:////app/Callytics_new.sqlite");
    }

    [Fact]
    public void Callytics_root_moves_every_default()
    {
        CallyticsPaths paths = Bind(("CALLYTICS_ROOT", "/srv/callytics/"));

        paths.AudioDir.Should().Be("/srv/callytics/audio");
        paths.CacheDir.Should().Be("/srv/callytics/.cache");
        paths.DatabaseUrl.Should().Be("sqlite:////srv/callytics/Callytics_new.sqlite");
    }

    [Fact]
    public void A_blank_root_falls_back_to_app()
    {
        Bind(("CALLYTICS_ROOT", "  ")).TempDir.Should().Be("/app/temp");
    }

    [Fact]
    public void The_flat_variable_wins_over_the_section_which_wins_over_the_root()
    {
        CallyticsPaths paths = Bind(
            ("CALLYTICS_ROOT", "/root-default"),
            ("TEMP_DIR", "/from-variable"),
            ("CallyticsPaths:TempDir", "/from-section"),
            ("CallyticsPaths:LogDir", "/logs-from-section"),
            ("CallyticsPaths:DatabaseUrl", "sqlite:////section.sqlite"));

        paths.TempDir.Should().Be("/from-variable");
        paths.LogDir.Should().Be("/logs-from-section");
        paths.DataDir.Should().Be("/root-default/data");
        paths.DatabaseUrl.Should().Be("sqlite:////section.sqlite");
    }

    [Fact]
    public void An_explicit_variable_wins_over_the_root_even_when_empty()
    {
        // An empty TEMP_DIR is a mistake to report, not a reason to fall back silently.
        Bind(("CALLYTICS_ROOT", "/r"), ("TEMP_DIR", "")).TempDir.Should().BeEmpty();
    }

    [Fact]
    public void Every_variable_binds_to_its_property()
    {
        CallyticsPaths paths = Bind(("AUDIO_DIR", "/a"), ("TEMP_DIR", "/t"), ("LOG_DIR", "/l"), ("DATA_DIR", "/d"),
            ("CONFIG_DIR", "/c"), ("CACHE_DIR", "/k"), ("DATABASE_URL", "postgresql://u@h/db"));

        new[] { paths.AudioDir, paths.TempDir, paths.LogDir, paths.DataDir, paths.ConfigDir, paths.CacheDir, paths.DatabaseUrl }
            .Should().Equal("/a", "/t", "/l", "/d", "/c", "/k", "postgresql://u@h/db");
    }

    [Theory]
    [InlineData(null, PathRoles.All)]
    [InlineData("", PathRoles.All)]
    [InlineData("  ", PathRoles.All)]
    [InlineData("all", PathRoles.All)]
    [InlineData("ALL", PathRoles.All)]
    [InlineData("logs", PathRoles.Logs)]
    [InlineData("Logs,CACHE", PathRoles.Logs | PathRoles.Cache)]
    [InlineData(" temp  logs ", PathRoles.Temp | PathRoles.Logs)]
    [InlineData("temp, logs,,database", PathRoles.Temp | PathRoles.Logs | PathRoles.Database)]
    [InlineData("audio temp logs data config cache database", PathRoles.All)]
    [InlineData("logs,all", PathRoles.All)]
    public void Callytics_roles_reads_keys_separated_by_commas_or_blanks_in_any_case(string? value, PathRoles expected)
    {
        CallyticsPaths paths = Bind(("CALLYTICS_ROLES", value));

        paths.Roles.Should().Be(expected);
        paths.UnknownRoleKeys.Should().BeEmpty();
    }

    [Fact]
    public void An_unknown_role_key_selects_nothing_and_is_kept_for_validation_to_report()
    {
        CallyticsPaths paths = Bind(("CALLYTICS_ROLES", "log,cache,dta"));

        paths.Roles.Should().Be(PathRoles.Cache);
        paths.UnknownRoleKeys.Should().Equal("log", "dta");
        RoleKeys.Nearest("log").Should().Be("logs");
        RoleKeys.Nearest("dta").Should().Be("data");
        RoleKeys.Nearest("kubernetes").Should().BeNull();
    }

    [Fact]
    public void Roles_are_bound_from_the_section_and_the_flat_variable_wins()
    {
        Bind(("CallyticsPaths:Roles", "logs,cache")).Roles.Should().Be(PathRoles.Logs | PathRoles.Cache);
        Bind(("CallyticsPaths:Roles", "logs,cache"), ("CALLYTICS_ROLES", "temp")).Roles.Should().Be(PathRoles.Temp);
    }

    [Fact]
    public void Only_variables_set_flat_or_in_the_section_count_as_set()
    {
        CallyticsPaths paths = Bind(("TEMP_DIR", "/srv/temp"), ("CallyticsPaths:DatabaseUrl", "postgresql://db/calls"));

        paths.ExplicitVariables.Should().BeEquivalentTo(["TEMP_DIR", "DATABASE_URL"]);
    }
}
