using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>
/// A container's environment, read as the kubelet builds it, with the ConfigMaps of the input: the environment step of
/// <see cref="KubernetesLinter"/>. What it cannot resolve (a Secret, a field, a ConfigMap not in the input) it names.
/// </summary>
internal sealed class ContainerEnvironment(IReadOnlyDictionary<string, (ManifestFile File, YamlNode Data)> configMaps)
{
    /// <summary>
    /// The container's environment as the kubelet builds it: <c>envFrom</c> in order (with its prefix), then <c>env</c>
    /// in order, later entries winning, <c>$(VAR)</c> expanded from what is already defined. ConfigMaps in the input
    /// are resolved; anything else (a Secret, a field, a ConfigMap not in the input) leaves the value unknown.
    /// </summary>
    internal void Read(ManifestFile file, YamlNode container, Workload workload, List<(YamlNode Node, string What)> references)
    {
        foreach (YamlNode source in container.Child("envFrom").Items())
        {
            string prefix = source.Child("prefix").Text() ?? string.Empty;
            if (source.Child("configMapRef").Child("name").Text() is { } map)
            {
                if (configMaps.TryGetValue(map, out (ManifestFile File, YamlNode Data) found))
                {
                    foreach ((YamlNode key, YamlNode value) in found.Data.Entries())
                    {
                        if (key.Text() is { } name)
                        {
                            string? text = value.Text() ?? string.Empty;
                            workload.Variables[prefix + name] = new WorkloadVariable(prefix + name, text, text, SourcePosition.Of(found.File.DisplayName, value), [], null);
                        }
                    }
                }
                else
                {
                    references.Add((source, $"configMap {map}"));
                }
            }
            else if (source.Child("secretRef").Child("name").Text() is { } secret)
            {
                references.Add((source, $"secret {secret}"));
            }
        }

        foreach (YamlNode entry in container.Child("env").Items())
        {
            if (entry.Child("name").Text() is not { } name)
            {
                continue;
            }

            YamlNode at = entry.Child("value") ?? entry.Child("valueFrom") ?? entry;
            SourcePosition position = SourcePosition.Of(file.DisplayName, at);
            if (entry.Child("valueFrom") is { } from)
            {
                (string? value, string? unresolved, SourcePosition? there) = from switch
                {
                    _ when from.Child("configMapKeyRef") is { } reference => ConfigMapValue(reference),
                    _ when from.Child("secretKeyRef") is { } reference => (null, $"secret {reference.Child("name").Text()} key {reference.Child("key").Text()}", null),
                    _ when from.Child("fieldRef").Child("fieldPath").Text() is { } field => (null, $"field {field}", null),
                    _ => (null, "a valueFrom source", null),
                };

                // A value resolved from a ConfigMap is reported where it is written: in the ConfigMap.
                workload.Variables[name] = new WorkloadVariable(name, value, value ?? $"valueFrom {unresolved}", there ?? position, unresolved is null ? [] : [unresolved], null);
                continue;
            }

            string written = entry.Child("value").Text() ?? string.Empty;
            workload.Variables[name] = new WorkloadVariable(name, Expand(written, workload, name, position), written, position, [], null);
        }
    }

    private (string? Value, string? Unresolved, SourcePosition? Position) ConfigMapValue(YamlNode reference)
    {
        string? map = reference.Child("name").Text();
        string? key = reference.Child("key").Text();
        return map is not null && key is not null && configMaps.TryGetValue(map, out (ManifestFile File, YamlNode Data) found)
            ? found.Data.Child(key) is { } node && node.Text() is { } value
                ? (value, null, SourcePosition.Of(found.File.DisplayName, node))
                : (null, $"configMap {map} key {key} (not in it)", null)
            : (null, $"configMap {map} key {key}", null);
    }

    /// <summary>
    /// The longest value a <c>$(VAR)</c> expansion may reach: Linux refuses a longer environment string in execve
    /// (MAX_ARG_STRLEN, 32 pages), so such a container could never start, and a chain of <c>$(Vi-1)$(Vi-1)</c> would
    /// otherwise double with each variable.
    /// </summary>
    internal const int MaxExpandedLength = 128 * 1024;

    /// <summary><c>$(VAR)</c> references to variables defined before it are expanded; <c>$$(VAR)</c> is a literal <c>$(VAR)</c>; the rest is kept as written, as the kubelet does.</summary>
    private static string Expand(string text, Workload workload, string name, SourcePosition position)
    {
        if (!text.Contains("$(", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new System.Text.StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' && text.IndexOf(')', i) is int close and > 0
                && workload.Variables.GetValueOrDefault(text[(i + 2)..close])?.Value is { } value)
            {
                if (result.Length + value.Length > MaxExpandedLength)
                {
                    throw new ManifestReadException(position.File, position.Line, position.Column,
                        $"{name} expands to more than {MaxExpandedLength} characters through $(VAR) references: refused (no container could start with it; Linux limits one environment string to 128 KiB)");
                }

                result.Append(value);
                i = close;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }
}
