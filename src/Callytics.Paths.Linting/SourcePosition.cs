using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting;

/// <summary>Where something is written: file, line and column (1-based; 0 when the whole file is meant).</summary>
public sealed record SourcePosition(string File, int Line, int Column)
{
    /// <summary>The start of <paramref name="node"/> in <paramref name="file"/>.</summary>
    internal static SourcePosition Of(string file, YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);
}
