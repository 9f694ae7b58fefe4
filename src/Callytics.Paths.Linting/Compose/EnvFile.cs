namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// The <c>.env</c> and <c>env_file</c> format compose reads: <c>KEY=VALUE</c> lines, <c># comments</c>, blank lines,
/// an optional <c>export </c> prefix, values in single quotes (literal) or double quotes (with <c>\n</c> escapes),
/// and unquoted values ending at <c> #</c>.
/// </summary>
internal static class EnvFile
{
    /// <summary>
    /// Reads <paramref name="path"/>; a missing file yields nothing, and one that is no regular file of bounded size
    /// (<see cref="InputFile"/>) is an <see cref="IOException"/> saying why.
    /// </summary>
    internal static Dictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Path.Exists(path))
        {
            return values;
        }

        string text = InputFile.Read(path, out string? reason) ?? throw new IOException(reason);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            string key = (equals < 0 ? line : line[..equals]).Trim();
            if (key.Length == 0)
            {
                continue;
            }

            string value = equals < 0 ? string.Empty : Value(line[(equals + 1)..].Trim());
            values[key] = value;
        }

        return values;
    }

    private static string Value(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value.IndexOf('\'', 1) is int endSingle and > 0)
        {
            return value[1..endSingle];
        }

        if (value.Length >= 2 && value[0] == '"')
        {
            int end = value.LastIndexOf('"');
            return end > 0 ? value[1..end].Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal) : value;
        }

        int comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).TrimEnd();
    }
}
