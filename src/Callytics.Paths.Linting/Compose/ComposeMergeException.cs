using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Compose;

/// <summary>A merge key (<c>&lt;&lt;</c>) that cannot be applied: nested too deep, or a mapping merged into itself.</summary>
internal sealed class ComposeMergeException(YamlNode at, string reason) : Exception(reason)
{
    /// <summary>The mapping whose merge failed.</summary>
    internal YamlNode At { get; } = at;

    /// <summary>Why.</summary>
    internal string Reason { get; } = reason;
}
