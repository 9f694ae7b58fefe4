using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Kubernetes;

namespace Callytics.Paths.Tests.Linting.Kubernetes;

/// <summary>Lints manifest text in memory, or a corpus file, as <c>kube lint</c> does.</summary>
internal static class Manifests
{
    internal static List<Finding> Lint(params string[] texts) => LintWithSuppressed(texts).Findings;

    internal static (List<Finding> Findings, int Suppressed) LintWithSuppressed(params string[] texts) =>
        KubernetesLinter.Lint([.. texts.Select((t, i) => ManifestFile.Parse(texts.Length == 1 ? "m.yaml" : $"m{i}.yaml", t))]);

    internal static string Path(string corpus) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "kubernetes", corpus);

    internal static List<Finding> LintCorpus(params string[] corpus) =>
        KubernetesLinter.Lint([.. corpus.Select(c => ManifestFile.Load(Path(c), c))]).Findings;

    /// <summary>Env entries, indented for <see cref="Pod"/>.</summary>
    internal static string Env(params (string Name, string Value)[] variables) =>
        string.Concat(variables.Select(v => $"        - name: {v.Name}\n          value: \"{v.Value}\"\n"));

    /// <summary>A volumeMount, indented for <see cref="Pod"/>.</summary>
    internal static string Mount(string volume, string path, string extra = "") =>
        $"        - name: {volume}\n          mountPath: {path}\n{(extra.Length > 0 ? $"          {extra}\n" : string.Empty)}";

    /// <summary>A pod volume, indented for <see cref="Pod"/>: <paramref name="source"/> is its source's lines, e.g. <c>emptyDir: {}</c>.</summary>
    internal static string Volume(string name, string source) => $"    - name: {name}\n      {source.Replace("\n", "\n      ", StringComparison.Ordinal)}\n";

    /// <summary>The 1-based line and column where <paramref name="needle"/> first appears in <paramref name="text"/>.</summary>
    internal static (int Line, int Column) At(string text, string needle, int occurrence = 1)
    {
        int index = -1;
        for (int i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
        }

        int line = text[..index].Count(c => c == '\n') + 1;
        int lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        return (line, index - lineStart + 1);
    }

    /// <summary>A Pod with one container <c>app</c>: its env lines, volumeMounts and volumes, each already indented.</summary>
    internal static string Pod(string env, string mounts = "", string volumes = "", string containerExtra = "", string podExtra = "") =>
        $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: svc
        spec:
        {podExtra}  containers:
            - name: app
              image: callytics/svc
        {containerExtra}      env:
        {env}      volumeMounts:
        {mounts}  volumes:
        {volumes}
        """;
}
