using System.Globalization;
using Callytics.Paths.Cli.Commands;

namespace Callytics.Paths.Cli.Exec;

/// <summary>
/// The user <c>exec --user</c> runs the service as: <c>NAME[:GROUP]</c> looked up in <c>/etc/passwd</c> and
/// <c>/etc/group</c> (its supplementary groups are the groups that list it), or numeric <c>UID[:GID]</c> (no
/// supplementary groups; without a GID, the passwd entry's group when the uid has one, else the same number as the uid).
/// </summary>
internal sealed record ServiceUser(uint Uid, uint Gid, uint[] Groups, string Name, string Home)
{
    /// <summary>Resolves <paramref name="spec"/>; an unknown user or group is a usage error.</summary>
    internal static ServiceUser Resolve(string spec, string passwdFile = "/etc/passwd", string groupFile = "/etc/group")
    {
        string[] parts = spec.Split(':', 2);
        string user = parts[0];
        string? group = parts.Length == 2 ? parts[1] : null;
        if (user.Length == 0 || group?.Length == 0)
        {
            throw new UsageException($"--user '{spec}' is not USER[:GROUP] or UID[:GID].");
        }

        Plain(user, spec);
        Plain(group, spec);
        List<string[]> passwd = Read(passwdFile, 7);
        List<string[]> groups = Read(groupFile, 4);
        bool numeric = uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out uint uid);
        string[]? entry = numeric
            ? passwd.Find(p => p[2] == user)
            : passwd.Find(p => p[0] == user) ?? throw new UsageException($"--user: no user '{user}' in {passwdFile}.");
        uid = numeric ? uid : Number(entry![2], passwdFile);
        uint gid = group is null
            ? entry is null ? uid : Number(entry[3], passwdFile)
            : uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out uint number) ? number
            : Number((groups.Find(g => g[0] == group) ?? throw new UsageException($"--user: no group '{group}' in {groupFile}."))[2], groupFile);
        uint[] supplementary = numeric || entry is null
            ? []
            : [.. groups.Where(g => g[3].Split(',').Contains(entry[0]) && Number(g[2], groupFile) != gid).Select(g => Number(g[2], groupFile)).Distinct()];
        return new ServiceUser(uid, gid, supplementary, entry?[0] ?? user, entry is { } e && e[5].StartsWith('/') ? e[5] : "/");
    }

    /// <summary>
    /// Refuses a numeric id the system would read otherwise than it reads: a leading zero (<c>01000</c> is no passwd
    /// entry's spelling) and 4294967295, which is <c>(uid_t)-1</c>, "leave unchanged", to setresuid and chown.
    /// </summary>
    private static void Plain(string? id, string spec)
    {
        if (id is null || id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            return;
        }

        if (id.Length > 1 && id[0] == '0')
        {
            throw new UsageException($"--user '{spec}': '{id}' has a leading zero; write the id as a plain number ({id.TrimStart('0').PadLeft(1, '0')}).");
        }

        if (!uint.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out uint number) || number == uint.MaxValue)
        {
            throw new UsageException($"--user '{spec}': '{id}' is not a usable id: ids run from 0 to 4294967294 (4294967295 means \"no change\" to the system).");
        }
    }

    private static List<string[]> Read(string file, int fields)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        return [.. File.ReadLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':')).Where(p => p.Length >= fields)];
    }

    private static uint Number(string text, string file) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint number)
            ? number
            : throw new UsageException($"{file} has an id that is not a number: '{text}'.");
}
