using Callytics.Paths.Configuration;
using Callytics.Paths.Linting;

namespace Callytics.Paths.Tests.Linting.Model;

/// <summary>
/// The linters read a workload's environment with the library's own binding step: for any environment, the value lint
/// checks for each role is the value a service with that environment binds.
/// </summary>
public class WorkloadRolesTests
{
    public static TheoryData<Dictionary<string, string>> Environments => new()
    {
        new() { ["CALLYTICS_ROLES"] = "all" },
        new() { ["CALLYTICS_ROOT"] = "srv", ["CALLYTICS_ROLES"] = "temp,database" },
        new() { ["CALLYTICS_ROOT"] = "/srv/app/", ["CALLYTICS_ROLES"] = "logs,data" },
        new() { ["CALLYTICS_ROOT"] = "  ", ["CALLYTICS_ROLES"] = "cache" },
        new() { ["CallyticsPaths__TempDir"] = "/app/.temp", ["CallyticsPaths__Roles"] = "temp,logs" },
        new() { ["TEMP_DIR"] = "/a", ["CallyticsPaths__TempDir"] = "/b", ["CALLYTICS_ROLES"] = "temp" },
        new() { ["callytics_roles"] = "audio", ["audio_dir"] = "/in" },
        new() { ["CALLYTICS_ROOT"] = "/x", ["CALLYTICS_ROLES"] = "database" },
        new() { ["CallyticsPaths__DatabaseUrl"] = "sqlite:////db/x.sqlite", ["CALLYTICS_ROLES"] = "database" },
    };

    [Theory]
    [MemberData(nameof(Environments))]
    public void Every_role_value_lint_checks_is_the_one_the_service_binds(Dictionary<string, string> environment)
    {
        var workload = new Workload("svc", null, new SourcePosition("f", 1, 1));
        foreach ((string name, string value) in environment)
        {
            workload.Variables[name] = new WorkloadVariable(name, value, value, new SourcePosition("f", 2, 1), [], null);
        }

        CallyticsPaths bound = CallyticsPathsBinder.FromVariables(environment.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));
        WorkloadRoles roles = WorkloadRoles.Of(workload);

        roles.Roles.Should().Be(bound.Roles);
        foreach (RoleLayout layout in RoleLayout.Directories.Where(l => roles.Uses(l.Role)))
        {
            roles.VariableFor(layout.Variable).Should().NotBeNull(layout.Variable).And.Match<WorkloadVariable>(v => v.Value == layout.Get(bound), layout.Variable);
        }

        if (roles.Uses(PathRole.Database))
        {
            roles.VariableFor(CallyticsPathsVariables.DatabaseUrl).Should().NotBeNull().And.Match<WorkloadVariable>(v => v.Value == bound.DatabaseUrl);
        }
    }
}
