using Callytics.Paths.Validation;

using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Compose;

/// <summary>One environment variable of a service, after interpolation.</summary>
/// <param name="Name">The variable.</param>
/// <param name="Value">Its value, or null when it is declared bare and unset.</param>
/// <param name="Written">The text as written (before interpolation).</param>
/// <param name="Position">Where it is written.</param>
/// <param name="Node">The scalar holding it (for fixing), or null when it came from an env_file.</param>
/// <param name="Document">The file the scalar is in.</param>
/// <param name="Own">Whether it is written inside the service itself (not brought in by an anchor, extends or env_file).</param>
/// <param name="Unset">Variables its interpolation fell back over.</param>
/// <param name="Error">Why compose would refuse its interpolation.</param>
internal sealed record EnvironmentEntry(string Name, string? Value, string Written, SourcePosition Position, YamlScalarNode? Node,
    ComposeDocument? Document, bool Own, IReadOnlyList<string> Unset, string? Error);

/// <summary>One volume of a service, after interpolation.</summary>
internal sealed record ServiceVolume(VolumeSpec Spec, string? HostPath, SourcePosition Position, YamlNode Node, ComposeDocument Document, bool Own);

/// <summary>
/// A service's <c>logging</c> as compose merges it: the driver (null: the daemon's default) and its options, where it
/// is written (null: nowhere, the daemon's defaults apply) and whether the service's own mapping holds it.
/// </summary>
internal sealed record ServiceLogging(string? Driver, IReadOnlyDictionary<string, string> Options, SourcePosition? Position, YamlMappingNode? Node, bool Own);

/// <summary>A service as compose sees it after extends, env_file and the merge of several files.</summary>
internal sealed class ComposeService(string name)
{
    internal string Name { get; } = name;

    /// <summary>Where the service is declared (its name, in the last file that declares it).</summary>
    internal SourcePosition Position { get; set; } = new(string.Empty, 0, 0);

    internal Dictionary<string, EnvironmentEntry> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Volumes by container path, as compose merges them.</summary>
    internal Dictionary<string, ServiceVolume> Volumes { get; } = new(StringComparer.Ordinal);

    internal List<string> Profiles { get; } = [];

    /// <summary>Its logging (<c>logging:</c> driver and options), merged over extends and files as compose merges it.</summary>
    internal ServiceLogging Logging { get; set; } = new(null, new Dictionary<string, string>(StringComparer.Ordinal), null, null, false);

    /// <summary>Where <c>read_only: true</c> makes the container's root filesystem read-only, or null when it is writable.</summary>
    internal SourcePosition? ReadOnlyRoot { get; set; }

    /// <summary>The service's own mapping in each file that declares it, with the text range it spans.</summary>
    internal List<(ComposeDocument Document, YamlMappingNode Node, int Start, int End)> Declarations { get; } = [];
}

/// <summary>A problem found while loading (not a rule): an undecidable value, a malformed volume, an unknown extends.</summary>
internal sealed record LoadNote(string Code, FindingSeverity Severity, SourcePosition Position, string Service, string Message, string Fix);

/// <summary>The whole project: every file merged as compose merges them.</summary>
public sealed class ComposeProject
{
    internal List<ComposeDocument> Documents { get; } = [];

    internal Dictionary<string, ComposeService> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>Named volumes declared under the top-level <c>volumes</c> key.</summary>
    internal HashSet<string> DeclaredVolumes { get; } = new(StringComparer.Ordinal);

    internal List<LoadNote> Notes { get; } = [];

    /// <summary>Each value the process environment gave an interpolation (<c>${AWS_SECRET_ACCESS_KEY}</c>), by the variable's name.</summary>
    internal Dictionary<string, string> EnvironmentValues { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="text"/> with every value the process environment gave written as the reference it came from
    /// (<c>${NAME}</c>), longest first: lint output (and the SARIF CI uploads) never shows what the environment held.
    /// Values under 4 characters are left, as they would match too much of any text.
    /// </summary>
    public string HideEnvironment(string text)
    {
        foreach ((string name, string value) in EnvironmentValues.OrderByDescending(p => p.Value.Length))
        {
            if (value.Length >= 4)
            {
                text = text.Replace(value, "${" + name + "}", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
