namespace Callytics.Paths.Configuration;

/// <summary>What the library knows of one directory role: its variable, default, access and creation mode.</summary>
/// <param name="Role">The role.</param>
/// <param name="Variable">The environment variable that sets it.</param>
/// <param name="SectionKey">The key inside the <c>CallyticsPaths</c> configuration section.</param>
/// <param name="DefaultName">The folder name under the root.</param>
/// <param name="Writes">Whether the service writes there (else it only reads and lists).</param>
/// <param name="CreateMode">The mode a missing directory is created with.</param>
internal sealed record RoleLayout(PathRole Role, string Variable, string SectionKey, string DefaultName, bool Writes, UnixFileMode CreateMode)
{
    /// <summary>Owner all, group read and search: 0750.</summary>
    internal const UnixFileMode SharedMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>Owner only: 0700.</summary>
    internal const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The six directory roles, in the order reports list them.</summary>
    internal static readonly RoleLayout[] Directories =
    [
        new(PathRole.Audio, CallyticsPathsVariables.AudioDir, nameof(CallyticsPaths.AudioDir), "audio", Writes: false, SharedMode),
        new(PathRole.Temp, CallyticsPathsVariables.TempDir, nameof(CallyticsPaths.TempDir), "temp", Writes: true, PrivateMode),
        new(PathRole.Logs, CallyticsPathsVariables.LogDir, nameof(CallyticsPaths.LogDir), "logs", Writes: true, SharedMode),
        new(PathRole.Data, CallyticsPathsVariables.DataDir, nameof(CallyticsPaths.DataDir), "data", Writes: true, SharedMode),
        new(PathRole.Config, CallyticsPathsVariables.ConfigDir, nameof(CallyticsPaths.ConfigDir), "config", Writes: false, SharedMode),
        new(PathRole.Cache, CallyticsPathsVariables.CacheDir, nameof(CallyticsPaths.CacheDir), ".cache", Writes: true, SharedMode),
    ];

    /// <summary>Every role in report order, the database last.</summary>
    internal static readonly PathRole[] AllRoles = RolesInOrder();

    private static PathRole[] RolesInOrder()
    {
        // A loop, not LINQ over the enum: generic code over a value type is compiled anew at start-up.
        var roles = new PathRole[Directories.Length + 1];
        for (int i = 0; i < Directories.Length; i++)
        {
            roles[i] = Directories[i].Role;
        }

        roles[^1] = PathRole.Database;
        return roles;
    }

    /// <summary>The role's key in reports and JSON: <c>audio</c>, <c>temp</c>, ..., <c>database</c>.</summary>
    internal static string KeyOf(PathRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Whether the service writes where <paramref name="role"/> points: the database, and each directory whose layout says so.</summary>
    internal static bool WritesTo(PathRole role) => role == PathRole.Database || Directories[(int)role].Writes;

    /// <summary>The variable that sets the role: <c>TEMP_DIR</c>, ..., <c>DATABASE_URL</c>.</summary>
    internal static string VariableOf(PathRole role) =>
        role == PathRole.Database ? CallyticsPathsVariables.DatabaseUrl : Directories.First(l => l.Role == role).Variable;

    /// <summary>Returns the directory role set by <paramref name="variable"/>, or <see langword="null"/>.</summary>
    internal static RoleLayout? ForVariable(string variable)
    {
        foreach (RoleLayout layout in Directories)
        {
            if (layout.Variable == variable)
            {
                return layout;
            }
        }

        return null;
    }

    /// <summary>Reads this role's value from a layout.</summary>
    internal string Get(CallyticsPaths paths) => Role switch
    {
        PathRole.Audio => paths.AudioDir,
        PathRole.Temp => paths.TempDir,
        PathRole.Logs => paths.LogDir,
        PathRole.Data => paths.DataDir,
        PathRole.Config => paths.ConfigDir,
        PathRole.Cache => paths.CacheDir,
        _ => paths.DatabaseUrl,
    };

    /// <summary>Writes this role's value into a layout.</summary>
    internal void Set(CallyticsPaths paths, string value)
    {
        switch (Role)
        {
            case PathRole.Audio: paths.AudioDir = value; break;
            case PathRole.Temp: paths.TempDir = value; break;
            case PathRole.Logs: paths.LogDir = value; break;
            case PathRole.Data: paths.DataDir = value; break;
            case PathRole.Config: paths.ConfigDir = value; break;
            case PathRole.Cache: paths.CacheDir = value; break;
            default: paths.DatabaseUrl = value; break;
        }
    }
}
