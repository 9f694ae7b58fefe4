using Callytics.Paths.Configuration;
using Callytics.Paths.Database;
using Callytics.Paths.Interop;
using Callytics.Paths.Mounts;

namespace Callytics.Paths.Validation;

/// <summary>
/// Validates a layout against every rule and returns the findings without throwing. The start-up validation, the
/// health check and the command-line tool all call this, so each rule is written once.
/// </summary>
public static class CallyticsPathsValidator
{
    /// <summary>Validates <paramref name="paths"/>: values, existence (creating what is missing unless told not to), access, database.</summary>
    /// <param name="paths">The layout; relative values are resolved (and reported) without changing the object.</param>
    /// <param name="settings">How to treat the disk; <see langword="null"/> for the defaults (create missing directories).</param>
    /// <returns>The findings. Validation never modifies, moves or deletes a file it did not create.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    public static PathValidationResult Validate(CallyticsPaths paths, PathValidationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        settings ??= new PathValidationSettings();
        string workingDirectory = settings.WorkingDirectory ?? Environment.CurrentDirectory;
        var findings = new List<PathFinding>();
        if (!OperatingSystem.IsLinux())
        {
            findings.Add(new PathFinding(FindingSeverity.Information, FindingCodes.NotCheckedOnThisSystem, "CALLYTICS_ROOT", paths.DataDir,
                FindingMessages.NotCheckedOnThisSystem()));
            return new PathValidationResult(findings, null);
        }

        var directories = new DirectoryInspector(settings.CreateMissingDirectories, settings.WriteProbe);
        (MountTable? mounts, ContainerStatus container, MountCheckMode mode, VolumeRules? volumes) = Mounts(paths, settings, findings, directories.Statuses);
        var roles = new List<RoleCheck>(RoleLayout.AllRoles.Length);
        string? dataDirectory = null;
        CheckRoles(paths, findings);

        foreach (RoleLayout layout in RoleLayout.Directories)
        {
            if (!paths.Uses(layout.Role))
            {
                continue; // not this service's: nothing is created, probed or checked
            }

            settings.Checking?.Invoke(layout.Variable);

            // The binding step already checked and normalized the value: its outcome is read, not computed again.
            BoundValue bound = BoundValue.Of(paths, layout, workingDirectory);
            if (bound.Invalid is { } invalid)
            {
                findings.Add(invalid);
                continue;
            }

            string path = bound.Normalized;
            dataDirectory = layout.Role == PathRole.Data ? path : dataDirectory;
            string? original = bound.WasRelative ? bound.Written : null;
            if (original is not null)
            {
                findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.RelativePath, layout.Variable, path,
                    FindingMessages.RelativePath(layout.Variable, DisplayText.Of(original), path)));
            }

            (bool mayCreate, bool skipWriteProbe) = volumes?.CheckDirectory(layout, path, findings) ?? (true, false);
            bool usable = directories.Inspect(layout.Variable, path, layout.Writes && !skipWriteProbe, layout.CreateMode, findings, mayCreate,
                relativeValue: original) && !skipWriteProbe;
            roles.Add(new RoleCheck(layout.Role, path, usable));
        }

        DatabaseUrl? database = null;
        if (paths.Uses(PathRole.Database))
        {
            settings.Checking?.Invoke(CallyticsPathsVariables.DatabaseUrl);
            database = DatabaseRules.Inspect(paths.DatabaseUrl, workingDirectory, dataDirectory, directories, volumes, findings, out bool databaseUsable);
            if (database?.FilePath is { } file)
            {
                roles.Add(new RoleCheck(PathRole.Database, file, databaseUsable));
            }
        }

        // What each path was, for the health check to compare against later: from this run's statx answers.
        foreach (RoleCheck check in roles)
        {
            check.State = directories.Statuses.Of(check.Role == PathRole.Database ? Path.GetDirectoryName(check.Path) ?? "/" : check.Path);
        }

        // A database finding's path is the file the URL names: the line shows the URL (masked), then that file.
        string url = DisplayText.Of(DatabaseUrl.Mask(paths.DatabaseUrl));
        for (int i = 0; i < findings.Count; i++)
        {
            if (findings[i].Variable == CallyticsPathsVariables.DatabaseUrl && findings[i].Path != url)
            {
                findings[i] = findings[i] with { Value = url };
            }
        }

        return new PathValidationResult(PathFinding.BySeverity(findings), database)
        {
            Mounts = mounts, Container = container, MountCheck = mode, Roles = roles,
        };
    }

    /// <summary>
    /// <c>CALLYTICS_ROLES</c> itself: an unknown key is an error naming the nearest role; a variable set for a role the
    /// service does not use is information (a fleet's shared env file sets every variable), reported under
    /// <c>CALLYTICS_ROLES</c> so that the unused role itself shows no problem.
    /// </summary>
    private static void CheckRoles(CallyticsPaths paths, List<PathFinding> findings)
    {
        const string variable = CallyticsPathsVariables.Roles;
        foreach (string key in paths.UnknownRoleKeys)
        {
            (string message, string fix) = RoleKeys.Unknown(key);
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.RolesInvalid, variable, DisplayText.Of(key), message, fix));
        }

        if (paths.Roles == PathRoles.All)
        {
            return;
        }

        string used = string.Join(',', RoleKeys.Of(paths.Roles));
        foreach (PathRole role in RoleLayout.AllRoles)
        {
            string roleVariable = RoleLayout.VariableOf(role);
            if (!paths.Uses(role) && paths.ExplicitVariables.Contains(roleVariable))
            {
                string value = role == PathRole.Database ? DatabaseUrl.Mask(paths.DatabaseUrl) : DisplayText.Of(RoleLayout.ForVariable(roleVariable)!.Get(paths));
                findings.Add(new PathFinding(FindingSeverity.Information, FindingCodes.RoleNotUsed, variable, value,
                    FindingMessages.RoleNotUsed(roleVariable, RoleLayout.KeyOf(role), variable, used)));
            }
        }
    }

    /// <summary>
    /// Reads the mount table once (the report shows mounts even when they are not checked), detects the container,
    /// decides the mode in force and reports it; the rules are null when mounts are not checked.
    /// </summary>
    private static (MountTable? Mounts, ContainerStatus Container, MountCheckMode Mode, VolumeRules? Rules) Mounts(
        CallyticsPaths paths, PathValidationSettings settings, List<PathFinding> findings, StatusCache statuses)
    {
        const string variable = CallyticsPathsVariables.MountCheck;
        if (paths.InvalidMountCheck is not null)
        {
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.MountCheckInvalid, variable, DisplayText.Of(paths.InvalidMountCheck),
                FindingMessages.MountCheckInvalid(variable, DisplayText.Of(paths.InvalidMountCheck))));
        }

        if (paths.InvalidLayerCheck is not null)
        {
            const string layerVariable = CallyticsPathsVariables.LayerCheck;
            findings.Add(new PathFinding(FindingSeverity.Error, FindingCodes.LayerCheckInvalid, layerVariable, DisplayText.Of(paths.InvalidLayerCheck),
                FindingMessages.LayerCheckInvalid(layerVariable, DisplayText.Of(paths.InvalidLayerCheck))));
        }

        MountTable? mounts = settings.Mounts;
        string? unreadable = null;
        if (mounts is null)
        {
            try
            {
                mounts = MountTable.ReadCurrent();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                unreadable = exception.Message;
            }
        }

        ContainerStatus container = settings.Container ?? ContainerStatus.Detect(mounts, settings.Variables ?? Environment.GetEnvironmentVariable);
        MountCheckMode mode = paths.MountCheck == MountCheckMode.Auto
            ? container.InContainer ? MountCheckMode.Enforce : MountCheckMode.Off
            : paths.MountCheck;
        string modeName = mode switch
        {
            MountCheckMode.Enforce => "enforce",
            MountCheckMode.Warn => "warn",
            MountCheckMode.Off => "off",
            _ => "auto",
        };
        string how = paths.MountCheck == MountCheckMode.Auto ? $"auto → {modeName}" : modeName;
        how = paths.MountCheck == MountCheckMode.Off ? $"off ({variable}=off)" : how;
        findings.Add(new PathFinding(FindingSeverity.Information, FindingCodes.MountCheckStatus, variable, modeName,
            FindingMessages.MountCheckStatus(container, how)));
        if (mode == MountCheckMode.Off)
        {
            return (mounts, container, mode, null);
        }

        if (mounts?.Root is null)
        {
            findings.Add(new PathFinding(FindingSeverity.Warning, FindingCodes.MountTableUnreadable, variable, MountTable.CurrentPath,
                FindingMessages.MountTableUnreadable(unreadable)));
            return (mounts, container, mode, null);
        }

        return (mounts, container, mode, new VolumeRules(mounts, mode, statuses));
    }
}
