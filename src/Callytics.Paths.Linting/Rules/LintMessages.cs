using Callytics.Paths.Configuration;
using Callytics.Paths.Database;

namespace Callytics.Paths.Linting;

/// <summary>
/// Every message and fix the linters' findings say, by code, so that they can be reviewed side by side: the rules
/// shared by compose and Kubernetes (worded through a <see cref="LintDialect"/> where the formats differ), then each
/// format's own. The rules decide whether a finding is made and pass the facts; the words are here. What a path rule
/// costs each role is data of the rule, in the library's <c>PathRuleCatalog</c>; a value no path can be is worded by
/// the library's value rules, as at start-up.
/// </summary>
internal static class LintMessages
{
    /// <summary>A workload as messages name it: <c>api</c>, or <c>Deployment/api container app</c>.</summary>
    internal static string Name(Workload workload) =>
        workload.Container is null ? workload.Subject : $"{workload.Subject} container {workload.Container}";

    // xx101: a role directory in no mount.
    internal static LintText NotOnVolume(RoleLayout layout, string path, bool isDefault, string mounts, string? meant, string consequence, string add) =>
        new($"{layout.Variable}={path}{(isDefault ? $" (its default: {layout.Variable} is not set, and {CallyticsPathsVariables.Roles} says the service uses {RoleLayout.KeyOf(layout.Role)})" : string.Empty)} lies inside no {mounts}{(meant is null ? string.Empty : $", while {meant} is mounted")}: {consequence}.",
            meant is null ? add : $"Did you mean {meant}? Set {layout.Variable}={meant}, or {char.ToLowerInvariant(add[0])}{add[1..]}");

    // xx103: a written role on a read-only mount, or in no mount under a read-only root.
    internal static string ReadOnlyRootReason(Workload workload, LintDialect dialect) =>
        $"The root filesystem of {Name(workload)} is read-only ({dialect.ReadOnlyRootSetting} at {workload.ReadOnlyRoot!.Line}:{workload.ReadOnlyRoot.Column})";

    /// <summary>A role's path as messages show it: <c>TEMP_DIR=/app/temp</c>, or for the database (no variable) <c>the database /app/x.sqlite</c>.</summary>
    internal static string Shown(string? variable, string path, bool sentenceStart = false) =>
        variable is null ? $"{(sentenceStart ? "The" : "the")} database {path}" : $"{variable}={path}";

    /// <summary>A written role (<paramref name="variable"/>; null for the database) in no mount under a read-only root.</summary>
    internal static LintText ReadOnlyRoot(Workload workload, LintDialect dialect, string? variable, string path, string consequence, string fix) =>
        new($"{ReadOnlyRootReason(workload, dialect)}, and {Shown(variable, path)} lies inside no {dialect.MountsOf(workload)}: {consequence}.", fix);

    /// <summary>A written role (<paramref name="variable"/>; null for the database) on a read-only mount.</summary>
    internal static LintText ReadOnlyMount(LintDialect dialect, WorkloadMount holder, string? variable, string path, string consequence, string fix) =>
        new($"{dialect.ReadOnlyReason(holder)}, but {Shown(variable, path)} is {(variable is null ? "written" : "written by the service")}: {consequence}.", fix);

    // xx104: a relative SQLite URL.
    internal static LintText RelativeSqliteUrl(string variable, DatabaseUrl database) =>
        new($"{variable}={database} has three slashes: '{database.WrittenFilePath}' is relative to the service's working directory, not /{database.WrittenFilePath}.",
            $"Write four slashes: {variable}={database.AbsoluteUrlSuggestion}.");

    // xx105, xx106: the database in no mount, or mounted as a single file.
    internal static LintText DatabaseNotOnVolume(string variable, string file, bool isDefault, string mounts, string consequence, string fix) =>
        new($"The database {file}{(isDefault ? $" (the default: {variable} is not set, and {CallyticsPathsVariables.Roles} says the service uses database)" : string.Empty)} lies inside no {mounts}: {consequence}.", fix);

    internal static LintText DatabaseSingleFile(string file, string mounted, string consequence, string fix) =>
        new($"The database {file} is {mounted} as a single file: {consequence}.", fix);

    // xx109: two workloads mount one storage at different paths.
    internal static LintText ServicesDisagree(WorkloadMount a, Workload workloadA, WorkloadMount b, Workload workloadB, string variable, string valueA, string valueB, string fix) =>
        new($"{a.Source} is mounted at {a.Target} in {Name(workloadA)} and at {b.Target} in {Name(workloadB)}, and their {variable} differ ({valueA} and {valueB}): a path one service hands to the other does not exist there.", fix);

    // xx111: a value that depends on something the input does not hold.
    internal static LintText ValueUndecided(WorkloadVariable variable, LintDialect dialect, string written, string linted) =>
        new(variable.Written == variable.Name && variable.Unset is [{ } only] && only == variable.Name
                ? $"{variable.Name} is declared with no value, so it is taken from {dialect.NameUnresolved(variable.Name)}, which is not {dialect.UnresolvedWhere}; it was linted as ''."
                : $"{variable.Name}={written} depends on {string.Join(", ", variable.Unset.Select(dialect.NameUnresolved))}, which {(variable.Unset.Count == 1 ? "is" : "are")} not {dialect.UnresolvedWhere}; it was linted as '{linted}'.",
            dialect.ResolveFix(variable.Unset));

    // xx112: a role value that is relative, or no path at all.
    internal static LintText RelativeValue(string variable, string value, string? root, string example) =>
        root is null
            ? new($"{variable}={value} is relative: inside the container it depends on the image's working directory.",
                $"Set {variable} to an absolute container path such as {example}.")
            : new($"{variable}={value} (its default, under {CallyticsPathsVariables.Root}={root}) is relative: inside the container it depends on the image's working directory.",
                $"Set {CallyticsPathsVariables.Root} to an absolute path such as {Workload.Normalize("/" + root)} (then {variable} is {example}), or {variable} to an absolute container path.");

    internal static string DatabaseUrlInvalidFix(WorkloadRoles roles) =>
        $"Use sqlite:///{roles.Under("data")}/{CallyticsPathsVariables.DefaultDatabaseFileName} (four slashes: an absolute path), or a server URL.";

    // xx114: a workload that mounts Callytics paths and declares nothing.
    internal static LintText RolesUndeclared(Workload workload, IEnumerable<string?> mounted, string keys, LintDialect dialect) =>
        new($"{Name(workload)} declares no Callytics variable but mounts {string.Join(", ", mounted)}: it looks like a Callytics service relying on the defaults, and nothing checks it.",
            $"Declare the roles it uses: add {CallyticsPathsVariables.Roles}={keys} to its {dialect.DeclareRolesWhere}.");

    // CC107: the host file of a single-file database mount is missing (or Docker already made a directory of it).
    internal static LintText BindSourceMissing(string source, bool isDirectory) =>
        new(isDirectory
                ? $"The host path {source} of the database mount is a directory (Docker made it when the file was missing): SQLite cannot open a directory."
                : $"The host file {source} of the database mount does not exist: Docker will create a directory there, and SQLite cannot open a directory.",
            $"Create the file on the host first (`touch {source}`), or mount a directory and point {CallyticsPathsVariables.DatabaseUrl} into it.");

    // CC108: a Windows host path.
    internal static LintText WindowsHostPath(string source, string target) =>
        new($"The host path {source} is a Windows absolute path: this file works on one Windows machine only.",
            $"Use a path relative to the compose file, such as ./{Path.GetFileName(target)}:{target}.");

    // CC110: a named volume not declared.
    internal static LintText UndeclaredVolume(string name) =>
        new($"The named volume '{name}' is used but not declared under the top-level 'volumes'.",
            $"Declare it: add `volumes:` with `  {name}:` at the top level of the file.");

    // CC115: a SQLite file bind-mounted alone, whatever variable names it.
    internal static LintText SqliteSingleFileBind(string target, string signal, bool readOnly, string hostFolder) =>
        new(readOnly
                ? $"{target} is a SQLite file ({signal}) bind-mounted alone and read-only: in WAL mode SQLite cannot open it without its -shm file, which it cannot create beside it."
                : $"{target} is a SQLite file ({signal}) bind-mounted alone: SQLite writes its -journal, -wal and -shm files beside it, in the container's writable layer, so committed WAL data is lost when the container is recreated and containers sharing the file do not coordinate their locks.",
            $"Mount the folder that holds it instead (`- {hostFolder}:{Path.GetDirectoryName(target) ?? "/"}{(readOnly ? ":ro" : string.Empty)}`), so that its companion files stay beside it, and point the service at the file inside.");

    // CC116: json-file logs with no max-size.
    internal static LintText LogsUnbounded(string service, string? writtenDriver, Compose.DockerDaemonConfig? daemon) =>
        new($"{service} logs through the json-file driver ({(writtenDriver is not null ? "named in its logging" : daemon is null ? "Docker's default" : $"{daemon.DisplayName}'s default")}) with no max-size: Docker keeps all of the container's output in one file, which grows until the host's disk is full"
                + (daemon is null
                    ? " (the daemon's own default options are not known here: lint with --daemon-config /etc/docker/daemon.json to read them)."
                    : daemon.LogDriver == Compose.DockerDaemonConfig.DockerDefaultLogDriver
                        ? $"; {daemon.DisplayName} sets no max-size for it either."
                        : $"; {daemon.DisplayName}'s log-opts are for its default driver, {daemon.LogDriver}, not for json-file."),
            $"Cap it in the service: `logging: {{driver: {LogRotation.Driver}, options: {{max-size: \"{LogRotation.MaxSize}\", max-file: \"{LogRotation.MaxFile}\"}}}}` (`callytics-paths compose fix` adds it, through one x-logging anchor when several services need it)"
                + (daemon is null
                    ? $", or give the daemon a default: `\"log-opts\": {{\"max-size\": \"{LogRotation.MaxSize}\", \"max-file\": \"{LogRotation.MaxFile}\"}}` in /etc/docker/daemon.json, which applies to containers created after dockerd restarts (lint with --daemon-config to see it)."
                    : daemon.LogDriver == Compose.DockerDaemonConfig.DockerDefaultLogDriver
                        ? $", or add `\"max-size\": \"{LogRotation.MaxSize}\", \"max-file\": \"{LogRotation.MaxFile}\"` to the log-opts of {daemon.DisplayName}, which apply to containers created after dockerd restarts."
                        : $"; {daemon.DisplayName}'s log-opts cannot cap it, as they are for {daemon.LogDriver}."));

    // CC190 to CC193: what compose itself would refuse while loading the file.
    internal static LintText VolumesNotList() => new("'volumes' must be a list.", "Write the service's volumes as a YAML list.");

    internal static LintText ExtendsLoops(string? baseName) =>
        new(baseName is null ? "'extends' names no service." : $"'extends' loops back to {baseName}.", "Name an existing service that does not extend this one.");

    internal static LintText ExtendsMissing(string baseName, string file) =>
        new($"'extends' names {baseName}, which {file} does not define.", "Name an existing service.");

    internal static LintText VolumeUnreadable(string? error) =>
        new($"This volume cannot be read: {error ?? "unexpected form"}.", "Write it as SOURCE:TARGET[:MODE] or in the long syntax with type, source and target.");

    internal static LintText EnvironmentValueNotScalar(string name, string shape) =>
        new($"Compose would refuse {(name.Length > 0 ? name : "an environment entry")}: its value is {shape}, and a variable's value must be a string, number, boolean or null.",
            $"Write {(name.Length > 0 ? name : "the entry")} as one value (for example {(name.Length > 0 ? name : "NAME")}: /app/data).");

    /// <summary>An interpolation compose refuses, in an environment entry (<paramref name="name"/>) or any other value.</summary>
    internal static LintText InterpolationRefused(string? name, string error) => name is null
        ? new($"Compose would refuse this value: {error}.", "Set the variable in the environment or the .env file, or give a default.")
        : new($"Compose would refuse {name}: {error}.", "Set the variable in the environment or the .env file, or give it a default.");

    // CK107 to CK124: Kubernetes' own.
    internal static LintText MemoryEmptyDirUnbounded(string shown, string source, string? container, string volume) =>
        new($"{shown} lies on {source} (medium: Memory) with no sizeLimit: what the service writes there counts against container {container}'s memory limit, with nothing to stop it first.",
            $"Give the emptyDir {volume} a sizeLimit (for example sizeLimit: 512Mi), or drop medium: Memory.");

    internal static LintText SharedClaim(string path, string claim, bool readWriteMany, long replicas, string subject) =>
        new(readWriteMany
                ? $"The database {path} lies on claim {claim}, which is ReadWriteMany: SQLite over a network filesystem loses its locking guarantees, and several pods may write at once."
                : $"The database {path} lies on claim {claim}, shared by {replicas} replicas of {subject}: several SQLite writers on one file, likely over a network filesystem.",
            "Run one replica against a ReadWriteOnce claim (a StatefulSet with volumeClaimTemplates gives each pod its own), or move the data to a database server.");

    internal static LintText FsGroupWithoutChangePolicy(string? fsGroup, string source, string target, string shown) =>
        new($"The pod sets fsGroup: {fsGroup} and mounts {source} at {target} ({shown}) with no fsGroupChangePolicy: at every start the kubelet changes the group of every file on the volume, which takes minutes on a large one.",
            "Add fsGroupChangePolicy: OnRootMismatch beside fsGroup in the pod's securityContext: the volume is then walked only when its root's group or mode is not already right.");

    internal static LintText HostPathNonRoot(string shown, string source, string? container, long? user) =>
        new($"{shown} lies on {source}, written by container {container} running as non-root{(user is > 0 ? $" (uid {user})" : string.Empty)}: fsGroup does not apply to hostPath, so the folder keeps its owner on the node and the writes may fail with EACCES.",
            $"Either add an initContainer that runs as root and chowns {source.Split(' ', 2)[1]} to the service's user, or set runAsUser to the uid that owns the folder on the node.");

    internal static LintText PodTemplateUnreadable(string subject) =>
        new($"The pod template of {subject} cannot be read: its containers and volumes must be lists.",
            "Fix the manifest so that `kubectl apply --dry-run=client` accepts it.");

    internal static LintText ReferenceMissing(string? container, string what, string subject) =>
        new($"Container {container} takes its environment from {what}, which is not in the input: the Callytics variables it may hold could not be checked.",
            $"Lint the {what.Split(' ')[0]} together with {subject} (add its manifest to the input).");
}
