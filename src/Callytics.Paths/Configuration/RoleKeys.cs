using System.Diagnostics.CodeAnalysis;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Configuration;

/// <summary>
/// Reads <c>CALLYTICS_ROLES</c>: role keys (<c>audio</c>, <c>temp</c>, <c>logs</c>, <c>data</c>, <c>config</c>,
/// <c>cache</c>, <c>database</c>) separated by commas and/or blanks, in any case; unset, empty or <c>all</c> is every
/// role. The library's binder and the compose linter both read the setting here.
/// </summary>
public static class RoleKeys
{
    /// <summary>The valid keys, in report order.</summary>
    internal static readonly string[] Keys = ["audio", "temp", "logs", "data", "config", "cache", "database"];

    /// <summary>Parses <paramref name="value"/>; <paramref name="unknown"/> lists the keys that are not roles (they select nothing).</summary>
    internal static PathRoles Parse(string? value, out List<string> unknown)
    {
        unknown = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            return PathRoles.All;
        }

        PathRoles roles = PathRoles.None;
        foreach (string key in value.Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (key.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                roles = PathRoles.All;
            }
            else if (TryRole(key, out PathRole? role))
            {
                roles |= Flag(role.Value);
            }
            else
            {
                unknown.Add(key);
            }
        }

        return roles;
    }

    /// <summary>The flag of one role.</summary>
    public static PathRoles Flag(PathRole role) => (PathRoles)(1 << (int)role);

    /// <summary>The keys of <paramref name="roles"/>, in report order: <c>logs,cache</c>.</summary>
    internal static List<string> Of(PathRoles roles)
    {
        var keys = new List<string>(Keys.Length);
        for (int i = 0; i < Keys.Length; i++)
        {
            if ((roles & Flag((PathRole)i)) != 0)
            {
                keys.Add(Keys[i]);
            }
        }

        return keys;
    }

    /// <summary>The valid key nearest to <paramref name="key"/> (<c>log</c> → <c>logs</c>), or null when none is close.</summary>
    internal static string? Nearest(string key)
    {
        string lower = key.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in Keys)
        {
            int distance = EditDistance.Between(lower, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Max(2, lower.Length / 2) ? best : null;
    }

    /// <summary>The exception a runtime API of a role the service does not use throws: what it cannot do, and the setting to change.</summary>
    internal static InvalidOperationException NotUsed(PathRoles roles, PathRole role, string what) =>
        new($"Cannot {what}: this service does not use the {Keys[(int)role]} role ({CallyticsPathsVariables.Roles}={string.Join(',', Of(roles))}), so {RoleLayout.VariableOf(role)} is not checked. Add {Keys[(int)role]} to {CallyticsPathsVariables.Roles}.");

    /// <summary>What is wrong with an unknown key, and the fix, for every reader of the setting.</summary>
    public static (string Message, string Fix) Unknown(string key, string? setting = null)
    {
        FindingText text = FindingMessages.RolesInvalid(key, setting, Nearest(key), Keys);
        return (text.Message, text.Fix);
    }

    private static bool TryRole(string key, [NotNullWhen(true)] out PathRole? role)
    {
        for (int i = 0; i < Keys.Length; i++)
        {
            if (Keys[i].Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                role = (PathRole)i;
                return true;
            }
        }

        role = null;
        return false;
    }
}
