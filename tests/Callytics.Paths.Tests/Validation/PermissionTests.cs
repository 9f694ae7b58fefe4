using Callytics.Paths.Tests.Support;

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
