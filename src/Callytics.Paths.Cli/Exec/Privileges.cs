using System.Runtime.InteropServices;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Cli.Exec;

/// <summary>
/// Drops root for good, in the only safe order: supplementary groups, then the group, then the user (real, effective
/// and saved ids alike), and proves it took: every id is the target's, the groups are exactly the target's, and root
/// cannot be regained.
/// </summary>
internal static class Privileges
{
    /// <summary>Becomes <paramref name="user"/>; throws when any step fails or does not hold.</summary>
    internal static unsafe void DropTo(ServiceUser user)
    {
        fixed (uint* groups = user.Groups.Length == 0 ? [0] : user.Groups)
        {
            Check(Posix.SetGroups((nuint)user.Groups.Length, groups), "setgroups");
        }

        Check(Posix.SetResGid(user.Gid, user.Gid, user.Gid), "setresgid");
        Check(Posix.SetResUid(user.Uid, user.Uid, user.Uid), "setresuid");

        Check(Posix.GetResUid(out uint ruid, out uint euid, out uint suid), "getresuid");
        Check(Posix.GetResGid(out uint rgid, out uint egid, out uint sgid), "getresgid");
        if (ruid != user.Uid || euid != user.Uid || suid != user.Uid || rgid != user.Gid || egid != user.Gid || sgid != user.Gid)
        {
            throw new InvalidOperationException($"dropping to {user.Uid}:{user.Gid} did not take (uids {ruid}/{euid}/{suid}, gids {rgid}/{egid}/{sgid}); the command was not run.");
        }

        uint[] now = Groups();
        if (!now.Order().SequenceEqual(user.Groups.Order()))
        {
            throw new InvalidOperationException($"the supplementary groups are {string.Join(',', now)}, not {string.Join(',', user.Groups)}; the command was not run.");
        }

        if (user.Uid != 0 && Posix.SetResUid(0, 0, 0) == 0)
        {
            throw new InvalidOperationException("root could be regained after dropping privileges; the command was not run.");
        }
    }

    /// <summary>This process's supplementary groups.</summary>
    internal static unsafe uint[] Groups()
    {
        int count = Posix.GetGroups(0, null);
        uint[] groups = new uint[Math.Max(count, 0)];
        fixed (uint* buffer = groups.Length == 0 ? [0] : groups)
        {
            count = Posix.GetGroups(groups.Length, buffer);
        }

        return count <= 0 ? [] : groups[..count];
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"{call} failed: {Libc.Describe(errno).ToLowerInvariant()}; the command was not run.");
        }
    }
}
