using System.Collections.Concurrent;
using Callytics.Paths.Configuration;
using Callytics.Paths.Interop;
using Callytics.Paths.Validation;

namespace Callytics.Paths;

/// <summary>Named folders inside CACHE_DIR, created on first use under the same rules as the layout's directories.</summary>
internal static class CacheDirectories
{
    private static readonly ConcurrentDictionary<string, string> Ready = new(StringComparer.Ordinal);

    /// <summary>Returns <c>{cacheDir}/{name}</c>, created (0750) and proven writable on first use.</summary>
    internal static string Get(string cacheDir, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException(
                "A cache name is one or more '/'-separated segments of A-Z, a-z, 0-9, '.', '_' and '-', none of them '.' or '..'.", nameof(name));
        }

        string path = Path.Join(cacheDir, name);
        if (Ready.ContainsKey(path))
        {
            return path;
        }

        var findings = new List<PathFinding>();
        var inspector = new DirectoryInspector(createMissing: true);
        if (!inspector.Inspect(CallyticsPathsVariables.CacheDir, path, writes: true, RoleLayout.SharedMode, findings))
        {
            PathFinding error = findings.First(f => f.Severity == FindingSeverity.Error);
            throw new IOException($"{error.Message} Fix: {error.Fix}");
        }

        Ready[path] = path;
        return path;
    }

    internal static bool IsValidName(string name) =>
        name.Length > 0
        && name.Split('/').All(segment => segment.Length > 0 && segment is not "." and not ".."
            && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
}
