using System.IO.Enumeration;

namespace Callytics.Paths.Layer;

/// <summary>
/// What <c>callytics-paths layer</c> leaves out: noise every container writes and nobody needs kept, plus the patterns
/// of <c>CALLYTICS_LAYER_IGNORE</c> (comma-separated). A pattern without <c>/</c> matches any one name on the path
/// (<c>__pycache__</c>, <c>*.pyc</c>); a pattern with <c>/</c> matches the whole path (<c>/var/cache/*</c>; a pattern
/// with no wildcard, such as <c>/root/.npm</c>, matches that path and everything below it). <c>*</c> and <c>?</c> are
/// wildcards; case matters.
/// </summary>
public sealed class LayerIgnore
{
    /// <summary>The variable that adds patterns.</summary>
    public const string Variable = "CALLYTICS_LAYER_IGNORE";

    /// <summary>
    /// Left out by default: Python's bytecode caches (a <c>__pycache__</c> folder, <c>*.pyc</c>, <c>*.pyo</c>), which
    /// every Python service writes beside its modules on import and rebuilds for free, and this library's own write
    /// probes (<c>.callytics-probe.*</c>), which live for microseconds.
    /// </summary>
    internal static readonly string[] Defaults = ["__pycache__", "*.pyc", "*.pyo", ".callytics-probe.*"];

    private readonly string[] _names;
    private readonly NamePattern[] _nameBytes;
    private readonly string[] _paths;

    private LayerIgnore(string[] names, string[] paths)
    {
        _names = names;
        _nameBytes = [.. names.Select(NamePattern.Of)];
        _paths = paths;
    }

    /// <summary>The defaults plus the patterns of <paramref name="extra"/> (the variable's value; null or empty adds none).</summary>
    public static LayerIgnore From(string? extra)
    {
        string[] patterns = [.. Defaults, .. (extra ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        return new LayerIgnore([.. patterns.Where(p => !p.Contains('/', StringComparison.Ordinal))], [.. patterns.Where(p => p.Contains('/', StringComparison.Ordinal))]);
    }

    /// <summary>Whether any pattern matches whole paths (else only names need checking).</summary>
    internal bool HasPathPatterns => _paths.Length > 0;

    /// <summary>
    /// Whether <paramref name="path"/> (absolute) is left out: one of its names matches a name pattern, or the path, or
    /// a directory above it, matches a path pattern.
    /// </summary>
    public bool Ignores(string path)
    {
        int start = 1;
        for (int i = 1; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                continue;
            }

            if (IgnoresName(path.AsSpan(start, i - start)) || (HasPathPatterns && IgnoresPath(path[..i])))
            {
                return true;
            }

            start = i + 1;
        }

        return false;
    }

    /// <summary>
    /// Whether the one name whose bytes are <paramref name="name"/> (as listed, not decoded) matches a name pattern:
    /// the same answer as <see cref="IgnoresName(ReadOnlySpan{char})"/> on the decoded name. The walk asks this for
    /// every file it lists, so the usual shapes (a plain name, <c>*.suffix</c>, <c>prefix*</c>) compare bytes, and a
    /// name is decoded only for a pattern of another shape (benchmarks/layer.sh).
    /// </summary>
    internal bool IgnoresName(ReadOnlySpan<byte> name)
    {
        string? decoded = null;
        for (int i = 0; i < _nameBytes.Length; i++)
        {
            NamePattern pattern = _nameBytes[i];
            bool matches = pattern.Shape switch
            {
                NameShape.Exact => name.SequenceEqual(pattern.Bytes),
                NameShape.Suffix => name.EndsWith(pattern.Bytes),
                NameShape.Prefix => name.StartsWith(pattern.Bytes),
                _ => FileSystemName.MatchesSimpleExpression(_names[i], decoded ??= Interop.FileName.Decode(name), ignoreCase: false),
            };
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the one name <paramref name="name"/> matches a name pattern.</summary>
    internal bool IgnoresName(ReadOnlySpan<char> name)
    {
        foreach (string pattern in _names)
        {
            if (FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> itself matches a path pattern (a directory that does leaves out all below it).</summary>
    internal bool IgnoresPath(string path)
    {
        foreach (string pattern in _paths)
        {
            bool wild = pattern.AsSpan().IndexOfAny('*', '?') >= 0;
            if (wild ? FileSystemName.MatchesSimpleExpression(pattern, path, ignoreCase: false)
                : path == pattern.TrimEnd('/') || path.StartsWith(pattern.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private enum NameShape
    {
        /// <summary>Any other pattern: matched on the decoded name.</summary>
        Other,

        /// <summary>No wildcard: the name itself.</summary>
        Exact,

        /// <summary><c>*</c> then no wildcard: the name's end.</summary>
        Suffix,

        /// <summary>No wildcard then a final <c>*</c>: the name's start.</summary>
        Prefix,
    }

    /// <summary>A name pattern's shape and the UTF-8 bytes of its fixed part.</summary>
    private readonly record struct NamePattern(NameShape Shape, byte[] Bytes)
    {
        internal static NamePattern Of(string pattern)
        {
            int wild = pattern.AsSpan().IndexOfAny('*', '?');
            int last = pattern.AsSpan().LastIndexOfAny('*', '?');
            return (wild, last) switch
            {
                (< 0, _) => new NamePattern(NameShape.Exact, Interop.FileName.Encode(pattern)),
                (0, 0) when pattern[0] == '*' => new NamePattern(NameShape.Suffix, Interop.FileName.Encode(pattern[1..])),
                _ when wild == last && wild == pattern.Length - 1 && pattern[wild] == '*' => new NamePattern(NameShape.Prefix, Interop.FileName.Encode(pattern[..wild])),
                _ => new NamePattern(NameShape.Other, []),
            };
        }
    }
}
