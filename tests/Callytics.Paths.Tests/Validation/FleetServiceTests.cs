using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Validation;

/// <summary>
/// The fleet's services in a real container filesystem (<see cref="ContainerSandbox"/>), each with only its own mounts
/// and its <c>CALLYTICS_ROLES</c>: each starts, with the volume check enforced, and fails when a role it declares is
/// not mounted.
/// </summary>
public class FleetServiceTests
{
    [RootTheory("unshare", "mount", "chroot")]
    [InlineData("monitoring", "logs", new[] { "/app/logs" }, null)]
    [InlineData("database", "logs,cache", new[] { "/app/logs", "/app/.cache" }, "postgresql://calls:hunter2@postgres:5432/calls")]
    [InlineData("punctuation restorer", "temp logs", new[] { "/app/temp", "/app/logs" }, null)]
    public void A_service_starts_with_only_the_mounts_of_the_roles_it_declares(string service, string roles, string[] mounts, string? databaseUrl)
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Set("CALLYTICS_ROLES", roles).Set("CALLYTICS_MOUNT_CHECK", "enforce");
        if (databaseUrl is not null)
        {
            sandbox.Set("DATABASE_URL", databaseUrl);
        }

        foreach (string mount in mounts)
        {
            sandbox.Bind(mount);
        }

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(0, $"{service}: {run}");
        run.StandardOutput.Should().Contain($"CALLYTICS_ROLES={roles.Replace(' ', ',')}");
        Directory.GetFileSystemEntries(Path.Combine(sandbox.Upper, "app")).Select(Path.GetFileName).Should()
            .BeSubsetOf(mounts.Select(Path.GetFileName), "nothing of an unused role is created in the container layer");
    }

    [RootTheory("unshare", "mount", "chroot")]
    [InlineData("logs", "/app/temp", "LOG_DIR")]
    [InlineData("temp,logs", "/app/logs", "TEMP_DIR")]
    public void A_service_fails_when_a_role_it_declares_is_not_mounted(string roles, string onlyMount, string missing)
    {
        using var sandbox = new ContainerSandbox();
        sandbox.Set("CALLYTICS_ROLES", roles).Set("CALLYTICS_MOUNT_CHECK", "enforce").Bind(onlyMount);

        ProcessResult run = sandbox.Run();

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("1 problem;").And.Contain($"[CP501] {missing}=");
    }
}
