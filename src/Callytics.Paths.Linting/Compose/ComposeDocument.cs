using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Compose;

/// <summary>One compose file: its exact text (kept byte for byte for fixing) and its YAML tree with positions.</summary>
public sealed class ComposeDocument
{
    private ComposeDocument(string path, string displayName, string text, YamlMappingNode root)
    {
        Path = path;
        DisplayName = displayName;
        Text = text;
        Root = root;
    }

    /// <summary>The absolute path.</summary>
    public string Path { get; }

    /// <summary>The path as the user named it, for messages.</summary>
    internal string DisplayName { get; }

    /// <summary>The file's text.</summary>
    public string Text { get; }

    /// <summary>The top-level mapping.</summary>
    internal YamlMappingNode Root { get; }

    /// <summary>The directory relative paths in the file are resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path) ?? "/";

    /// <summary>Reads and parses <paramref name="path"/>; any failure is a <see cref="ComposeReadException"/> with a position.</summary>
    public static ComposeDocument Load(string path, string? displayName = null)
    {
        string shown = displayName ?? path;
        string text = InputFile.Read(path, out string? reason) ?? throw new ComposeReadException(shown, 0, 0, reason!);
        return Parse(System.IO.Path.GetFullPath(path), shown, text);
    }

    /// <summary>Parses compose text already in memory.</summary>
    internal static ComposeDocument Parse(string path, string displayName, string text)
    {
        // A first pass over the events finds syntax errors with their position (the node builder loses some).
        Mark last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            var anchors = new HashSet<string>(StringComparer.Ordinal);
            int depth = 0;
            int aliases = 0;
            while (parser.MoveNext())
            {
                last = parser.Current?.End ?? last;
                if (parser.Current is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart && ++depth > Kubernetes.ManifestFile.MaxDepth)
                {
                    throw new ComposeReadException(displayName, (int)last.Line, (int)last.Column, $"nested more than {Kubernetes.ManifestFile.MaxDepth} levels deep: not a compose file");
                }

                if (parser.Current is YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd)
                {
                    depth--;
                }

                if (parser.Current is YamlDotNet.Core.Events.AnchorAlias counted && ++aliases > Kubernetes.ManifestFile.MaxAliases)
                {
                    throw new ComposeReadException(displayName, (int)counted.Start.Line, (int)counted.Start.Column,
                        $"more than {Kubernetes.ManifestFile.MaxAliases} aliases: refused (an alias bomb expands each into a whole subtree)");
                }

                if (parser.Current is YamlDotNet.Core.Events.AnchorAlias alias)
                {
                    if (!anchors.Contains(alias.Value.Value))
                    {
                        throw new ComposeReadException(displayName, (int)alias.Start.Line, (int)alias.Start.Column,
                            $"the alias *{alias.Value.Value} names no anchor defined before it");
                    }
                }
                else if (parser.Current is YamlDotNet.Core.Events.NodeEvent { Anchor.IsEmpty: false } node)
                {
                    anchors.Add(node.Anchor.Value);
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new ComposeReadException(displayName, 1, 1, "not a compose file: the top level must be a mapping with 'services'");
            }

            CheckMerges(root, displayName);
            return new ComposeDocument(path, displayName, text, root);
        }
        catch (YamlException exception)
        {
            (int line, int column) = ((int)exception.Start.Line, (int)exception.Start.Column);
            if (exception.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndent(text) is { } tab)
            {
                (line, column) = tab; // the scanner reports where the mapping began; the tab is what is wrong
            }

            throw new ComposeReadException(displayName, line, column, Reason(exception));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's node builder throws these on event sequences its parser let through (found by fuzzing:
            // " : x", an alias where a mapping key belongs).
            throw new ComposeReadException(displayName, (int)last.Line, (int)last.Column,
                "malformed YAML after this point (an unclosed '[' or '{', or a key where a value belongs)");
        }
    }

    /// <summary>Applies every merge key once, so that one too deep or circular is refused here, with its position, before any rule reads the file.</summary>
    private static void CheckMerges(YamlNode root, string displayName)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>([root]);
        while (pending.TryPop(out YamlNode? node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            if (node is YamlMappingNode mapping)
            {
                try
                {
                    // Each mapping from a fresh memo: a memo shared across mappings would let a long chain be merged a
                    // step at a time and never reach the depth a service naming its end does.
                    _ = ComposeLoader.Merged(mapping);
                }
                catch (ComposeMergeException exception)
                {
                    throw new ComposeReadException(displayName, (int)exception.At.Start.Line, (int)exception.At.Start.Column, exception.Reason);
                }

                foreach ((YamlNode key, YamlNode value) in mapping.Children)
                {
                    pending.Push(key);
                    pending.Push(value);
                }
            }
            else if (node is YamlSequenceNode sequence)
            {
                foreach (YamlNode item in sequence.Children)
                {
                    pending.Push(item);
                }
            }
        }
    }

    private static (int Line, int Column)? FirstTabIndent(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && lines[i][..tab].Trim().Length == 0)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static string Reason(YamlException exception)
    {
        string message = exception.Message;
        int paren = message.IndexOf(" (Line", StringComparison.Ordinal);
        return (paren > 0 ? message[..paren] : message).TrimEnd('.');
    }
}
