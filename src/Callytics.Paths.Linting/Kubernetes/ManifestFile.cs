using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>
/// One manifest file or stream: every YAML document in it (Helm's <c>---</c> separated output, comments such as
/// <c># Source:</c> kept out of the way by the parser), with positions. Hostile input is refused before any node is
/// built: more than <see cref="MaxBytes"/>, nesting deeper than <see cref="MaxDepth"/>, more than
/// <see cref="MaxAliases"/> aliases (an alias bomb), or an alias to no anchor.
/// </summary>
public sealed class ManifestFile
{
    /// <summary>The largest input read: rendered charts of a whole fleet are a few MB.</summary>
    internal const int MaxBytes = InputFile.MaxBytes;

    /// <summary>The deepest nesting of mappings and sequences: a pod spec is about 12 levels deep.</summary>
    internal const int MaxDepth = 64;

    /// <summary>The most aliases in one input: manifests rarely use any, and each may stand for a whole subtree.</summary>
    internal const int MaxAliases = 256;

    private ManifestFile(string displayName, IReadOnlyList<YamlDocument> documents)
    {
        DisplayName = displayName;
        Documents = documents;
    }

    /// <summary>The name findings carry: the path as given, or <c>&lt;stdin&gt;</c>.</summary>
    internal string DisplayName { get; }

    /// <summary>The YAML documents, in order (empty ones included as null roots are skipped).</summary>
    internal IReadOnlyList<YamlDocument> Documents { get; }

    /// <summary>Reads and parses <paramref name="path"/>; any failure is a <see cref="ManifestReadException"/>.</summary>
    public static ManifestFile Load(string path, string? displayName = null)
    {
        string shown = displayName ?? path;
        string text = InputFile.Read(path, out string? reason) ?? throw new ManifestReadException(shown, 0, 0, reason!);
        return Parse(shown, text);
    }

    /// <summary>Reads a whole stream (stdin) of at most <see cref="MaxBytes"/> characters.</summary>
    public static ManifestFile Read(TextReader reader, string displayName)
    {
        char[] buffer = new char[64 * 1024];
        var text = new System.Text.StringBuilder();
        for (int read; (read = reader.Read(buffer, 0, buffer.Length)) > 0;)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxBytes)
            {
                throw new ManifestReadException(displayName, 0, 0, $"cannot read: more than the {MaxBytes} characters a manifest input may have");
            }
        }

        return Parse(displayName, text.ToString());
    }

    /// <summary>Parses manifest text already in memory.</summary>
    internal static ManifestFile Parse(string displayName, string text)
    {
        Mark last = Mark.Empty;
        try
        {
            // First pass over the events, iterative: depth, aliases and anchors are checked before any node exists
            // (building nodes recurses, and a deep enough input would overflow the stack).
            var parser = new Parser(new StringReader(text));
            var anchors = new HashSet<string>(StringComparer.Ordinal);
            int depth = 0;
            int aliases = 0;
            while (parser.MoveNext())
            {
                ParsingEvent? current = parser.Current;
                last = current?.End ?? last;
                switch (current)
                {
                    case MappingStart or SequenceStart when ++depth > MaxDepth:
                        throw new ManifestReadException(displayName, (int)current.Start.Line, (int)current.Start.Column,
                            $"nested more than {MaxDepth} levels deep: not a manifest");
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias alias when ++aliases > MaxAliases:
                        throw new ManifestReadException(displayName, (int)alias.Start.Line, (int)alias.Start.Column,
                            $"more than {MaxAliases} aliases: refused (an alias bomb expands each into a whole subtree)");
                    case AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                        throw new ManifestReadException(displayName, (int)alias.Start.Line, (int)alias.Start.Column,
                            $"the alias *{alias.Value.Value} names no anchor defined before it");
                    case NodeEvent { Anchor.IsEmpty: false } node:
                        anchors.Add(node.Anchor.Value);
                        break;
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return new ManifestFile(displayName, [.. stream.Documents]);
        }
        catch (YamlException exception)
        {
            string message = exception.Message;
            int paren = message.IndexOf(" (Line", StringComparison.Ordinal);
            throw new ManifestReadException(displayName, (int)exception.Start.Line, (int)exception.Start.Column, (paren > 0 ? message[..paren] : message).TrimEnd('.'));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's node builder throws these on event sequences its parser let through (found by fuzzing:
            // " : x", an alias where a mapping key belongs).
            throw new ManifestReadException(displayName, (int)last.Line, (int)last.Column, "malformed YAML after this point");
        }
    }
}
