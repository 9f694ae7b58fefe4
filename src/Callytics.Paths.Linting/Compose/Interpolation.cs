using System.Text;

namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// Compose's variable interpolation: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+alternative}</c>, <c>${VAR+alternative}</c>, defaults that
/// interpolate again, and <c>$$</c> for a literal <c>$</c>.
/// </summary>
internal static class Interpolation
{
    /// <summary>The outcome: the value, the unset variables it fell back over, or why compose would refuse it.</summary>
    internal readonly record struct Result(string Value, IReadOnlyList<string> Unset, string? Error);

    /// <summary>Interpolates <paramref name="text"/>; <paramref name="lookup"/> returns null for an unset variable.</summary>
    internal static Result Apply(string text, Func<string, string?> lookup)
    {
        var unset = new List<string>();
        string? error = null;
        string value = Expand(text, lookup, unset, ref error, depth: 0);
        return new Result(value, unset, error);
    }

    /// <summary>Whether <paramref name="text"/> holds any interpolation (so its written form is not its value).</summary>
    internal static bool HasVariables(string text) => text.Contains('$', StringComparison.Ordinal);

    private static string Expand(string text, Func<string, string?> lookup, List<string> unset, ref string? error, int depth)
    {
        if (depth > 16)
        {
            error ??= "interpolation nested too deeply";
            return string.Empty;
        }

        var output = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                output.Append(c);
                i++;
                continue;
            }

            char next = text[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                int close = MatchingBrace(text, i + 1);
                if (close < 0)
                {
                    error ??= $"invalid interpolation format for '{text}': an unclosed '${{'";
                    output.Append(text, i, text.Length - i);
                    break;
                }

                output.Append(Braced(text[(i + 2)..close], lookup, unset, ref error, depth));
                i = close + 1;
            }
            else if (char.IsAsciiLetter(next) || next == '_')
            {
                int end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                string name = text[(i + 1)..end];
                string? found = lookup(name);
                if (found is null)
                {
                    unset.Add(name);
                }

                output.Append(found);
                i = end;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        return output.ToString();
    }

    private static string Braced(string inner, Func<string, string?> lookup, List<string> unset, ref string? error, int depth)
    {
        int nameEnd = 0;
        while (nameEnd < inner.Length && (char.IsAsciiLetterOrDigit(inner[nameEnd]) || inner[nameEnd] == '_'))
        {
            nameEnd++;
        }

        string name = inner[..nameEnd];
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            error ??= $"invalid interpolation format: '${{{inner}}}' does not start with a variable name";
            return string.Empty;
        }

        string? value = lookup(name);
        string rest = inner[nameEnd..];
        if (rest.Length == 0)
        {
            if (value is null)
            {
                unset.Add(name);
            }

            return value ?? string.Empty;
        }

        bool colon = rest[0] == ':';
        string op = colon ? rest[..Math.Min(2, rest.Length)] : rest[..1];
        string argument = rest[op.Length..];
        bool missing = colon ? string.IsNullOrEmpty(value) : value is null;
        switch (op)
        {
            case ":-" or "-":
                return missing ? Expand(argument, lookup, unset, ref error, depth + 1) : value!;
            case ":?" or "?":
                if (missing)
                {
                    error ??= $"required variable {name} is missing a value{(argument.Length > 0 ? ": " + argument : string.Empty)}";
                    return string.Empty;
                }

                return value!;
            case ":+" or "+":
                return missing ? string.Empty : Expand(argument, lookup, unset, ref error, depth + 1);
            default:
                error ??= $"invalid interpolation format: '${{{inner}}}'";
                return string.Empty;
        }
    }

    private static int MatchingBrace(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
