using Callytics.Paths.Validation;

namespace Callytics.Paths.Configuration;

/// <summary>
/// Makes directory values absolute and canonical the way Python's <c>os.path.abspath</c> does: a relative path is
/// joined to the working directory, <c>.</c> and <c>..</c> segments and repeated or trailing separators are removed.
/// Symbolic links are not resolved (neither does Python).
/// </summary>
public static class PathNormalizer
{
    /// <summary>
    /// Normalizes every path of <paramref name="paths"/> against the process's working directory: what the host's
    /// options and the tool both do.
    /// </summary>
    internal static void NormalizeInWorkingDirectory(CallyticsPaths paths) => Normalize(paths, Environment.CurrentDirectory);

    /// <summary>
    /// Normalizes every directory value that is well formed, and records what each became (<see cref="CallyticsPaths.BoundValues"/>);
    /// malformed ones are left as written, with the rule they break, for validation to report.
    /// </summary>
    public static void Normalize(CallyticsPaths paths, string workingDirectory)
    {
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            string value = layout.Get(paths);
            if (ValueRules.Check(layout.Variable, value) is { } invalid)
            {
                paths.BoundValues[layout.Variable] = new BoundValue(value, value, invalid);
                continue;
            }

            string normalized = Normalize(value, workingDirectory);
            paths.BoundValues[layout.Variable] = new BoundValue(value, normalized, null);
            layout.Set(paths, normalized);
        }

        paths.DatabaseUrl = paths.DatabaseUrl.Trim();
    }

    /// <summary>Returns the absolute, canonical form of a well-formed path.</summary>
    public static string Normalize(string path, string workingDirectory)
    {
        if (IsCanonical(path))
        {
            return path; // the usual value: nothing to resolve, nothing to allocate
        }

        string full = Path.GetFullPath(path, workingDirectory);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>Whether <paramref name="path"/> is absolute with no empty, <c>.</c> or <c>..</c> component and no trailing separator.</summary>
    /// <remarks>A loop over the characters: splitting a span is a generic the runtime compiles on first use, at start-up.</remarks>
    private static bool IsCanonical(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        int start = 1;
        for (int i = 1; i <= path.Length && path.Length > 1; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                continue;
            }

            int length = i - start;
            if (length == 0 || (length <= 2 && path.AsSpan(start, length).Trim('.').IsEmpty))
            {
                return false; // an empty component (a doubled or trailing separator), "." or ".."
            }

            start = i + 1;
        }

        return true;
    }
}
