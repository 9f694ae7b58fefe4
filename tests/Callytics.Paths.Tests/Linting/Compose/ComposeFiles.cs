using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Linting.Compose;

/// <summary>Writes compose files into a temporary tree and reads them with a controlled environment.</summary>
internal static class ComposeFiles
{
    internal static string Write(TempTree tree, string yaml, string name = "docker-compose.yml") => tree.WriteFile(name, yaml);

    internal static ComposeProject Load(TempTree tree, string yaml, Dictionary<string, string>? environment = null) =>
        ComposeLoader.Load([Write(tree, yaml)], n => environment?.GetValueOrDefault(n));

    /// <summary>
    /// The daemon the fixtures run on: its daemon.json caps json-file logs (<c>"log-opts": {"max-size": "10m"}</c>), as
    /// a production host's should, so a fixture about paths is not also about logs. The log rule (CC116) and its fix
    /// have their own tests (LogRotationTests), which say which daemon they mean.
    /// </summary>
    internal static DockerDaemonConfig CappedDaemon { get; } = DockerDaemonConfig.Parse("""{"log-opts": {"max-size": "10m"}}"""u8, "daemon.json");

    /// <summary>The same daemon.json as a file, for the tool's <c>--daemon-config</c>.</summary>
    internal static string CappedDaemonFile(TempTree tree) => tree.WriteFile("etc-docker/daemon.json", """{"log-opts": {"max-size": "10m"}}""");

    internal static List<Finding> Lint(TempTree tree, string yaml, Dictionary<string, string>? environment = null) =>
        ComposeRules.Lint(Load(tree, yaml, environment), CappedDaemon);

    internal static ComposeFixer.Result Fix(TempTree tree, string yaml, params string[] services)
    {
        string path = Write(tree, yaml);
        return ComposeFixer.Fix(ComposeDocument.Load(path), _ => null, services, daemon: CappedDaemon);
    }

    internal static string Path(string corpus) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "compose", corpus);
}
