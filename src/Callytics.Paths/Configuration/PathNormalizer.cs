using Callytics.Paths.Validation;

namespace Callytics.Paths.Configuration;

/// <summary>
/// Makes directory values absolute and canonical the way Python's <c>os.path.abspath</c> does: a relative path is
/// joined to the working directory, <c>.</c> and <c>..</c> segments and repeated or trailing separators are removed.
/// Symbolic links are not resolved (neither does Python).
/// </summary>
internal static class PathNormalizer
{
    /// <summary>Normalizes every directory value that is well formed; malformed ones are left for validation to report.</summary>
    internal static void Normalize(CallyticsPaths paths, string workingDirectory)
    {
        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            string value = layout.Get(paths);
            if (ValueRules.Check(layout.Variable, value) is not null)
            {
                continue;
            }

            if (!value.StartsWith('/'))
            {
                paths.RelativeOrigins[layout.Variable] = value;
            }

            layout.Set(paths, Normalize(value, workingDirectory));
        }

        paths.DatabaseUrl = paths.DatabaseUrl.Trim();
    }

    /// <summary>Returns the absolute, canonical form of a well-formed path.</summary>
    internal static string Normalize(string path, string workingDirectory)
    {
        string full = Path.GetFullPath(path, workingDirectory);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
