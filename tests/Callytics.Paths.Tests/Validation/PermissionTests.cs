extern alias library;

using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;
using library::Callytics.Paths.Interop;

namespace Callytics.Paths.Tests.Validation;

/// <summary>
/// Root bypasses permission bits, so these run the real service (the test host) as uid/gid 65534 through setpriv.
/// </summary>
public class PermissionTests
{
    private static Dictionary<string, string> LayoutOwnedByNobody(TempTree tree)
    {
        tree.LayoutOwnedByNobody();
        return new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["app"] };
    }

    [RootFact("setpriv")]
    public void A_layout_owned_by_the_service_user_starts()
    {
        using var tree = new TempTree();
        Dictionary<string, string> environment = LayoutOwnedByNobody(tree);

        ProcessResult run = ChildProcess.RunTestHost(environment, asNobody: true, tree: tree);

        run.ExitCode.Should().Be(0, run.ToString());
    }

    [RootFact("setpriv")]
    public void A_read_only_log_directory_fails_naming_uid_owner_mode_and_the_chown()
    {
        using var tree = new TempTree();
        Dictionary<string, string> environment = LayoutOwnedByNobody(tree);
        string logs = tree.Dir("app/root-logs", 0x16D); // 0555, owned by root
        environment["LOG_DIR"] = logs;

        ProcessResult run = ChildProcess.RunTestHost(environment, asNobody: true, tree: tree);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("LOG_DIR").And.Contain(logs).And.Contain("permission denied")
            .And.Contain("uid 65534 gid 65534").And.Contain("owned by 0:0 with mode 0555").And.Contain("chown -R 65534:65534");
        run.StandardOutput.Should().Contain("fail: Callytics.Paths", "the error is logged before the throw");
    }

    [RootFact("setpriv")]
    public void A_directory_the_service_user_cannot_create_fails_with_the_cause()
    {
        using var tree = new TempTree();
        Dictionary<string, string> environment = LayoutOwnedByNobody(tree);
        environment["DATA_DIR"] = tree["root-owned/data"];
        tree.Dir("root-owned", 0x1ED); // 0755 root: nobody may not create inside

        ProcessResult run = ChildProcess.RunTestHost(environment, asNobody: true, tree: tree);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("CP103").And.Contain("DATA_DIR").And.Contain("permission denied")
            .And.Contain($"{tree["root-owned"]} is owned by 0:0 with mode 0755");
        Directory.Exists(tree["root-owned/data"]).Should().BeFalse();
    }

    [RootFact("setpriv")]
    public void A_folder_above_the_role_is_never_given_away_recursively_the_fix_names_the_roles_own_folder()
    {
        // Issue #33: TEMP_DIR under a missing parent, the service as uid 65534: the parent that refused the mkdir holds
        // more than the role (it may be the image's /, or a volume shared with others), so no fix may chown it -R.
        using var tree = new TempTree();
        Dictionary<string, string> environment = LayoutOwnedByNobody(tree);
        tree.Dir("shared", 0x1ED); // 0755 root
        environment["TEMP_DIR"] = tree["shared/sessions/temp"];

        ProcessResult run = ChildProcess.RunTestHost(environment, asNobody: true, tree: tree);

        run.ExitCode.Should().Be(1, run.ToString());
        string fix = run.StandardError[run.StandardError.IndexOf("CP103", StringComparison.Ordinal)..];
        fix.Should().NotContain("chown -R").And.NotContain("mounted at /")
            .And.Contain($"Leave {tree["shared"]} as it is: it holds more than TEMP_DIR's folder")
            .And.Contain($"- ./temp:{tree["shared/sessions/temp"]}").And.Contain("sudo chown 65534:65534 ./temp");
    }

    [Fact]
    public void Only_the_roles_own_folder_gets_a_recursive_chown_and_never_the_root()
    {
        var nobody = new ProcessIdentity(65534, 65534);
        FileStatus owner = default;
        AccessAdvice.Permission(nobody, "TEMP_DIR", "/app/temp", "/app/temp", owner, "u+rwx").Fix.Should().Contain("sudo chown -R 65534:65534 HOST_FOLDER")
            .And.Contain("the folder mounted at /app/temp");
        AccessAdvice.Permission(nobody, "TEMP_DIR", "/app/temp", "/", owner, "u+rwx").Fix.Should().NotContain("chown -R").And.Contain("Leave / as it is");
        AccessAdvice.Permission(nobody, "CACHE_DIR", "/", "/", owner, "u+rwx").Fix.Should().NotContain("chown -R", "not even when the role's path is / itself");
        AccessAdvice.Permission(nobody, "LOG_DIR", "/app/logs", "/app", owner, "u+rwx").Fix.Should().NotContain("chown -R").And.Contain("- ./logs:/app/logs");
    }

    [RootFact("setpriv")]
    public void An_unlistable_audio_directory_fails_as_not_readable()
    {
        using var tree = new TempTree();
        Dictionary<string, string> environment = LayoutOwnedByNobody(tree);
        environment["AUDIO_DIR"] = tree.Dir("private-audio", 0x1C0); // 0700 root

        ProcessResult run = ChildProcess.RunTestHost(environment, asNobody: true, tree: tree);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("CP201").And.Contain("AUDIO_DIR").And.Contain("cannot be read and listed").And.Contain("permission denied");
    }

    [RootFact("setpriv")]
    public void A_database_file_the_service_user_cannot_write_fails()
    {
        using var tree = new TempTree();
        Dictionary<string, string> environment = LayoutOwnedByNobody(tree);
        string database = tree.WriteFile("app/data/Callytics_new.sqlite");
        File.SetUnixFileMode(database, (UnixFileMode)0x1A4); // 0644 root
        environment["DATABASE_URL"] = "sqlite:///" + database;

        ProcessResult run = ChildProcess.RunTestHost(environment, asNobody: true, tree: tree);

        run.ExitCode.Should().Be(1, run.ToString());
        run.StandardError.Should().Contain("CP305").And.Contain("cannot read and write").And.Contain("owned by 0:0 with mode 0644");
    }

    [RootFact("setpriv")]
    public void Several_broken_paths_are_all_listed_in_one_message()
    {
        using var tree = new TempTree();
        Dictionary<string, string> environment = LayoutOwnedByNobody(tree);
        environment["TEMP_DIR"] = tree.Dir("t", 0x16D);
        environment["CACHE_DIR"] = tree.Dir("c", 0x16D);
        environment["CONFIG_DIR"] = "~/config";

        ProcessResult run = ChildProcess.RunTestHost(environment, asNobody: true, tree: tree);

        run.ExitCode.Should().Be(1);
        run.StandardError.Should().Contain("3 problems;").And.Contain("TEMP_DIR").And.Contain("CACHE_DIR").And.Contain("CONFIG_DIR");
    }
}
