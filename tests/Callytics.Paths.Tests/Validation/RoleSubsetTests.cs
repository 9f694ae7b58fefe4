using System.Text.Json;
using Callytics.Paths.Reporting;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Tests.Validation;

/// <summary>A service checks only the roles it declares: the others are neither created, probed nor reported as problems.</summary>
public class RoleSubsetTests
{
    private static CallyticsPaths Layout(TempTree tree, PathRoles roles)
    {
        CallyticsPaths paths = tree.Layout();
        paths.Roles = roles;
        return paths;
    }

    [Fact]
    public void Unused_roles_are_neither_created_nor_probed_nor_reported()
    {
        using var tree = new TempTree();
        tree.Dir("app");
        tree.WriteFile("app/data", "a file where DATA_DIR would be: an error for a service that uses data");
        CallyticsPaths paths = Layout(tree, PathRoles.Logs | PathRoles.Cache);

        PathValidationResult result = CallyticsPathsValidator.Validate(paths);

        result.HasErrors.Should().BeFalse(string.Join("\n", result.Findings));
        Directory.GetFileSystemEntries(tree["app"]).Select(Path.GetFileName).Should().BeEquivalentTo(["logs", ".cache", "data"]);
        result.Roles.Select(r => r.Role).Should().Equal(PathRole.Logs, PathRole.Cache);
        result.Findings.Should().NotContain(f => f.Variable != "CALLYTICS_MOUNT_CHECK" && f.Variable != "LOG_DIR" && f.Variable != "CACHE_DIR");
    }

    [Fact]
    public void Validating_unused_roles_changes_nothing_on_disk_even_where_a_used_role_would_be_created()
    {
        using var tree = new TempTree();
        tree.Dir("app/logs");
        tree.Dir("app/.cache");
        CallyticsPaths paths = Layout(tree, PathRoles.Logs | PathRoles.Cache);
        ChildProcess.Run(["touch", "-d", "2001-01-01", tree["app/logs"], tree["app/.cache"], tree["app"]]).ExitCode.Should().Be(0);
        Dictionary<string, TreeSnapshot.Entry> before = TreeSnapshot.Take(tree.Root);

        CallyticsPathsValidator.Validate(paths, new PathValidationSettings { WriteProbe = false }).HasErrors.Should().BeFalse();

        TreeSnapshot.Take(tree.Root).Should().BeEquivalentTo(before, "temp, data, audio, config and the database are not this service's");
    }

    [Fact]
    public void The_report_lists_every_role_with_used_and_the_roles_in_use()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = Layout(tree, PathRoles.Temp | PathRoles.Logs);

        LayoutReport report = LayoutReport.Create(paths);
        JsonElement json = JsonDocument.Parse(report.ToJson()).RootElement;

        json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("temp", "logs");
        json.GetProperty("paths").EnumerateObject().Select(p => p.Name).Should().Equal("audio", "temp", "logs", "data", "config", "cache", "database");
        report.Paths.Where(p => !p.Value.Used).Select(p => p.Key).Should().Equal("audio", "data", "config", "cache", "database");
        report.Paths["data"].Problems.Should().BeEmpty();
        report.Paths["data"].Exists.Should().BeNull("nothing is looked at for an unused role");
        json.GetProperty("paths").GetProperty("data").GetProperty("used").GetBoolean().Should().BeFalse();
        json.GetProperty("paths").GetProperty("temp").GetProperty("used").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void An_unknown_role_key_is_an_error_naming_the_key_the_valid_keys_and_the_nearest()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = Layout(tree, PathRoles.Cache);
        paths.UnknownRoleKeys = ["log"];

        PathFinding error = CallyticsPathsValidator.Validate(paths).Errors.Should().ContainSingle().Subject;

        error.Code.Should().Be(FindingCodes.RolesInvalid);
        error.Variable.Should().Be("CALLYTICS_ROLES");
        error.Message.Should().Contain("'log'").And.Contain("Did you mean 'logs'?");
        error.Fix.Should().Contain("audio, temp, logs, data, config, cache, database");
    }

    [Fact]
    public void A_variable_set_for_an_unused_role_is_information_under_callytics_roles_never_an_error()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = Layout(tree, PathRoles.Logs);
        paths.DatabaseUrl = "postgresql://calls:hunter2@db/calls";
        paths.ExplicitVariables.Add("DATABASE_URL");
        paths.ExplicitVariables.Add("TEMP_DIR");

        PathValidationResult result = CallyticsPathsValidator.Validate(paths);

        result.HasErrors.Should().BeFalse();
        result.Findings.Where(f => f.Code == FindingCodes.RoleNotUsed).Select(f => (f.Severity, f.Variable, f.Path)).Should().BeEquivalentTo(
            [(FindingSeverity.Information, "CALLYTICS_ROLES", tree["app/temp"]), (FindingSeverity.Information, "CALLYTICS_ROLES", "postgresql://calls:***@db/calls")]);
    }

    [Fact]
    public void Runtime_apis_of_unused_roles_fail_loudly_naming_callytics_roles()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = Layout(tree, PathRoles.Logs);
        var sessions = new TempSessions(Options.Create(paths));

        FluentActions.Invoking(() => sessions.Create()).Should().Throw<InvalidOperationException>().WithMessage("*CALLYTICS_ROLES=logs*Add temp to CALLYTICS_ROLES*");
        FluentActions.Invoking(() => sessions.Sweep(TimeSpan.FromDays(1))).Should().Throw<InvalidOperationException>().WithMessage("*temp role*");
        FluentActions.Invoking(() => paths.GetCacheDirectory("audio")).Should().Throw<InvalidOperationException>().WithMessage("*Add cache to CALLYTICS_ROLES*");
        Directory.Exists(tree["app"]).Should().BeFalse("nothing was created");
    }

    [Fact]
    public void The_background_sweep_does_nothing_for_a_service_without_the_temp_role()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = Layout(tree, PathRoles.Logs);
        tree.Dir("app/temp/session_old");
        ChildProcess.Run(["touch", "-d", "2001-01-01", tree["app/temp/session_old"]]).ExitCode.Should().Be(0);
        var options = Options.Create(new TempSessionSweepOptions { Enabled = true, MaxAge = TimeSpan.FromSeconds(1) });
        using var service = new TempSessionSweepService(new TempSessions(Options.Create(paths)), options);

        service.StartAsync(CancellationToken.None).IsCompletedSuccessfully.Should().BeTrue();
        service.StopAsync(CancellationToken.None).IsCompletedSuccessfully.Should().BeTrue("it started nothing to stop");

        Directory.Exists(tree["app/temp/session_old"]).Should().BeTrue();
    }
}
