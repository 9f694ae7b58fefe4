using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>Reading a manifest's YAML tree by key, tolerant of whatever shape it has (a wrong shape reads as absent).</summary>
internal static class Yaml
{
    /// <summary>The value under <paramref name="key"/> of a mapping, or null.</summary>
    internal static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;

    /// <summary>The key node of <paramref name="key"/> in a mapping (where a finding about the key points), or null.</summary>
    internal static YamlNode? Key(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping ? mapping.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: { } v } && v == key) : null;

    /// <summary>The scalar text of a node, or null when it is not a scalar (or is YAML's null).</summary>
    internal static string? Text(this YamlNode? node) =>
        node is YamlScalarNode { Value: { } value } scalar && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && value is "" or "~" or "null" or "Null" or "NULL")
            ? value
            : null;

    /// <summary>The items of a sequence (none when it is not one).</summary>
    internal static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>The entries of a mapping (none when it is not one).</summary>
    internal static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Entries(this YamlNode? node) => node is YamlMappingNode mapping ? mapping.Children : [];

    /// <summary>Whether the scalar is YAML's true (<c>true</c>, <c>True</c>, <c>TRUE</c>).</summary>
    internal static bool IsTrue(this YamlNode? node) => node.Text() is "true" or "True" or "TRUE";

    /// <summary>The scalar as an integer, or null.</summary>
    internal static long? Integer(this YamlNode? node) =>
        long.TryParse(node.Text(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value) ? value : null;
}
