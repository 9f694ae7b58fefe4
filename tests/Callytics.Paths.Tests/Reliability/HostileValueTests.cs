using Callytics.Paths.Database;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Reliability;

/// <summary>
/// Hostile values in every variable, through the library with creation on: a service started in a real container
/// filesystem (<see cref="ContainerSandbox"/>, mount check off so that nothing is refused for being off a volume)
/// either starts or fails with the library's error, and the container layer afterwards holds nothing but the
/// configured paths and their parents: nothing in the working directory, nothing anywhere else. One container per
/// value (135 of them); the variables are split in three classes so that the three run beside the rest of the suite
/// rather than one after another at its end.
/// </summary>
public static class HostileValueTests
{
    public static TheoryData<string, string> DirectoryValues => HostileValues.PairsOf("AUDIO_DIR", "TEMP_DIR", "LOG_DIR");

    public static TheoryData<string, string> MoreDirectoryValues => HostileValues.PairsOf("DATA_DIR", "CONFIG_DIR", "CACHE_DIR");

    public static TheoryData<string, string> OtherValues => HostileValues.PairsOf("DATABASE_URL", "CALLYTICS_ROOT", "CALLYTICS_MOUNT_CHECK");

    [LongRunning(35)]
    public sealed class In_audio_temp_and_log_dir
    {
        [RootTheory("unshare", "mount", "chroot")]
        [MemberData(nameof(DirectoryValues), MemberType = typeof(HostileValueTests))]
        public void Start_up_answers_every_hostile_value_and_creates_nothing_but_the_configured_paths(string variable, string value) =>
            StartUpAnswers(variable, value);
    }

    [LongRunning(35)]
    public sealed class In_data_config_and_cache_dir
    {
        [RootTheory("unshare", "mount", "chroot")]
        [MemberData(nameof(MoreDirectoryValues), MemberType = typeof(HostileValueTests))]
        public void Start_up_answers_every_hostile_value_and_creates_nothing_but_the_configured_paths(string variable, string value) =>
            StartUpAnswers(variable, value);
    }

    [LongRunning(35)]
    public sealed class In_the_database_url_root_and_mount_check
    {
        [RootTheory("unshare", "mount", "chroot")]
        [MemberData(nameof(OtherValues), MemberType = typeof(HostileValueTests))]
        public void Start_up_answers_every_hostile_value_and_creates_nothing_but_the_configured_paths(string variable, string value) =>
            StartUpAnswers(variable, value);
    }

    private const string WorkingDirectory = "/srv/cwd";

    // What the sandbox itself puts into the container's layer before the service runs (mount points and markers).
    private static readonly string[] SandboxEntries =
        ["/proc", "/dev", "/tmp", "/opt", "/opt/testhost", "/usr", "/etc", "/bin", "/lib", "/lib64", "/sbin", "/.dockerenv", "/app", "/srv", WorkingDirectory];

    private static readonly string[] Roles = ["AUDIO_DIR:audio", "TEMP_DIR:temp", "LOG_DIR:logs", "DATA_DIR:data", "CONFIG_DIR:config", "CACHE_DIR:.cache"];

    private static void StartUpAnswers(string variable, string value)
    {
        using var sandbox = new ContainerSandbox { WorkingDirectory = WorkingDirectory };
        sandbox.Set("CALLYTICS_MOUNT_CHECK", "off").Set("CALLYTICS_ROOT", "/app").Set(variable, value);

        ProcessResult run = sandbox.Run();

        if (run.ExitCode == 0)
        {
            run.StandardOutput.Should().Contain("layout: AUDIO_DIR=");
        }
        else
        {
            run.StandardError.Should().StartWith("The Callytics directory layout has", "the only failure is the library's own, naming the problems: " + run)
                .And.NotContain("Unhandled").And.NotContain("   at ");
            run.StandardError.Should().MatchRegex(@"\[CP\d{3}\] ");
        }

        Directory.GetFileSystemEntries(Path.Combine(sandbox.Upper, WorkingDirectory.TrimStart('/'))).Should().BeEmpty("nothing is created in the working directory");
        HashSet<string> allowed = Allowed(variable, value);
        string[] created = [.. sandbox.Layer().Where(entry => !SandboxEntries.Contains(entry))];
        created.Where(entry => !allowed.Contains(entry)).Should().BeEmpty("only the configured paths and their parents are created");
    }

    /// <summary>The configured absolute paths (each directory, and the database's directory) with all their parents.</summary>
    private static HashSet<string> Allowed(string variable, string value)
    {
        string root = variable == "CALLYTICS_ROOT" && !string.IsNullOrWhiteSpace(value) ? value : "/app"; // a blank root means the default
        var configured = new List<string>();
        foreach (string role in Roles)
        {
            string[] parts = role.Split(':');
            configured.Add(variable == parts[0] ? value : root.TrimEnd('/') + "/" + parts[1]);
        }

        string url = variable == "DATABASE_URL" ? value : $"sqlite:///{root.TrimEnd('/')}/Callytics_new.sqlite";
        if (DatabaseUrl.TryParse(url, "/nowhere", out DatabaseUrl? database, out _) && database.FilePath is { } file && !database.IsRelative)
        {
            configured.Add(Path.GetDirectoryName(file)!);
        }

        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in configured.Where(p => p.StartsWith('/') && !p.Contains('\0', StringComparison.Ordinal)))
        {
            for (string? current = Path.GetFullPath(path).TrimEnd('/'); !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
            {
                allowed.Add(current);
            }
        }

        return allowed;
    }
}
