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

    internal static List<Finding> Lint(TempTree tree, string yaml, Dictionary<string, string>? environment = null) =>
        ComposeRules.Lint(Load(tree, yaml, environment));

    internal static ComposeFixer.Result Fix(TempTree tree, string yaml, params string[] services)
    {
        string path = Write(tree, yaml);
        return ComposeFixer.Fix(ComposeDocument.Load(path), _ => null, services);
    }

    internal static string Path(string corpus) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "compose", corpus);
}
