using System.Collections.Immutable;

namespace Callytics.Paths.Configuration;

/// <summary>
/// What the library knows of one directory role: its variable, its key in the configuration section, its folder
/// under the root, whether the service writes there, and the mode a missing directory is created with. The linters
/// and the tool read the layout's facts here rather than writing them again.
/// </summary>
public sealed record RoleLayout
{
    private RoleLayout(PathRole role, string variable, string sectionKey, string defaultName, bool writes, UnixFileMode createMode)
    {
        Role = role;
        Variable = variable;
        SectionKey = sectionKey;
        DefaultName = defaultName;
        Writes = writes;
        CreateMode = createMode;
    }

    /// <summary>Gets the role.</summary>
    public PathRole Role { get; }

    /// <summary>Gets the environment variable that sets it: <c>TEMP_DIR</c>.</summary>
    public string Variable { get; }

    /// <summary>Gets the key inside the <c>CallyticsPaths</c> configuration section: <c>TempDir</c>.</summary>
    public string SectionKey { get; }

    /// <summary>Gets the folder name under the root: <c>temp</c>.</summary>
    public string DefaultName { get; }

    /// <summary>Gets a value indicating whether the service writes there (else it only reads and lists).</summary>
    public bool Writes { get; }

    /// <summary>Gets the mode a missing directory is created with.</summary>
    public UnixFileMode CreateMode { get; }

    /// <summary>Owner all, group read and search: 0750.</summary>
    internal const UnixFileMode SharedMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>Owner only: 0700.</summary>
    internal const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Gets the six directory roles, in the order reports list them.</summary>
    public static ImmutableArray<RoleLayout> Directories { get; } =
    [
        new(PathRole.Audio, CallyticsPathsVariables.AudioDir, nameof(CallyticsPaths.AudioDir), "audio", writes: false, SharedMode),
        new(PathRole.Temp, CallyticsPathsVariables.TempDir, nameof(CallyticsPaths.TempDir), "temp", writes: true, PrivateMode),
        new(PathRole.Logs, CallyticsPathsVariables.LogDir, nameof(CallyticsPaths.LogDir), "logs", writes: true, SharedMode),
        new(PathRole.Data, CallyticsPathsVariables.DataDir, nameof(CallyticsPaths.DataDir), "data", writes: true, SharedMode),
        new(PathRole.Config, CallyticsPathsVariables.ConfigDir, nameof(CallyticsPaths.ConfigDir), "config", writes: false, SharedMode),
        new(PathRole.Cache, CallyticsPathsVariables.CacheDir, nameof(CallyticsPaths.CacheDir), ".cache", writes: true, SharedMode),
    ];

    /// <summary>Gets every role in report order, the database last.</summary>
    public static ImmutableArray<PathRole> AllRoles { get; } = RolesInOrder();

    private static ImmutableArray<PathRole> RolesInOrder()
    {
        // A loop, not LINQ over the enum: generic code over a value type is compiled anew at start-up.
        var roles = new PathRole[Directories.Length + 1];
        for (int i = 0; i < Directories.Length; i++)
        {
            roles[i] = Directories[i].Role;
        }

        roles[^1] = PathRole.Database;
        return ImmutableArray.Create(roles);
    }

    /// <summary>The role's key in reports and JSON: <c>audio</c>, <c>temp</c>, ..., <c>database</c>.</summary>
    public static string KeyOf(PathRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Whether the service writes where <paramref name="role"/> points: the database, and each directory whose layout says so.</summary>
    internal static bool WritesTo(PathRole role) => role == PathRole.Database || Directories[(int)role].Writes;

    /// <summary>The variable that sets the role: <c>TEMP_DIR</c>, ..., <c>DATABASE_URL</c>.</summary>
    public static string VariableOf(PathRole role) =>
        role == PathRole.Database ? CallyticsPathsVariables.DatabaseUrl : Directories.First(l => l.Role == role).Variable;

    /// <summary>Returns the directory role set by <paramref name="variable"/>, or <see langword="null"/>.</summary>
    public static RoleLayout? ForVariable(string variable)
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

    /// <summary>Reads this role's value from <paramref name="paths"/>.</summary>
    public string Get(CallyticsPaths paths) => paths is null ? throw new ArgumentNullException(nameof(paths)) : Role switch
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
