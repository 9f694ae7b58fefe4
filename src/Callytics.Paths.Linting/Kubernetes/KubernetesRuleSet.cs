namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>Every Kubernetes rule, by code: the shared rules under CK with their compose numbers, then Kubernetes' own.</summary>
internal static class KubernetesRuleSet
{
    internal const string MemoryEmptyDir = "CK120";
    internal const string ReadOnlyRoot = "CK121";
    internal const string SharedClaim = "CK122";
    internal const string HostPathNonRoot = "CK123";
    internal const string ReferenceMissing = "CK130";
    internal const string Unreadable = "CK190";

    internal static readonly IReadOnlyList<LintRule> All =
    [
        new("CK101", "RoleDirectoryNotMounted", "error",
            "A role path lies in no volumeMount of its container, so what it writes lives in the container layer (error for temp, logs, data; warning for cache and audio; note for config)."),
        new("CK102", "DataOnEmptyDir", "warning", "Data or the database lies on an emptyDir: it is lost when the pod is deleted or rescheduled."),
        new("CK103", "WritingRoleOnReadOnlyMount", "error",
            "A role the container writes lies on a read-only mount: readOnly: true, or a configMap, secret, downwardAPI or projected volume (always read-only)."),
        new("CK104", "RelativeSqliteUrl", "error", "A sqlite DATABASE_URL with three slashes is a path relative to the working directory; four slashes make it absolute."),
        new("CK105", "DatabaseNotMounted", "error", "The SQLite database file lies in no volumeMount: it vanishes with the container."),
        new("CK106", "DatabaseSingleFileMount", "warning", "The database is mounted as a single file through subPath: SQLite's -journal, -wal and -shm files land in the container layer."),
        new("CK109", "ContainersDisagree", "warning", "One claim or host path is mounted at different paths in containers whose role variables point at different places."),
        new("CK111", "ValueUndecided", "note", "A Callytics value comes from something not in the input (a ConfigMap, a Secret, a field), so it could not be checked."),
        new("CK112", "InvalidPathValue", "error", "A role variable or DATABASE_URL is not a usable Linux path or URL (empty, relative, Windows, '~', a URL where a path belongs)."),
        new("CK113", "UnknownRole", "error", "CALLYTICS_ROLES names a key that is not a role (audio, temp, logs, data, config, cache, database, or all)."),
        new("CK114", "RolesUndeclared", "note", "A container declares no Callytics variable but mounts standard Callytics paths: declaring CALLYTICS_ROLES states which roles it uses."),
        new(MemoryEmptyDir, "MemoryEmptyDirWithoutLimit", "warning", "A role lies on an emptyDir with medium: Memory and no sizeLimit: what it writes counts against the container's memory limit, unbounded."),
        new(ReadOnlyRoot, "WrittenRoleOnReadOnlyRoot", "error", "readOnlyRootFilesystem: true while a role the container writes lies in no volumeMount: the first write fails with EROFS."),
        new(SharedClaim, "DatabaseOnSharedClaim", "warning",
            "The database lies on a claim that is ReadWriteMany, or that several replicas of a Deployment or ReplicaSet share: SQLite over a network filesystem or with several writers."),
        new(HostPathNonRoot, "WrittenHostPathAsNonRoot", "warning", "A role the container writes lies on a hostPath while the pod runs as non-root: fsGroup does not apply to hostPath."),
        new(ReferenceMissing, "ReferenceNotInInput", "note", "A container takes its environment from a ConfigMap or Secret that is not in the input: what it holds could not be checked."),
        new(Unreadable, "UnreadableWorkload", "error", "A workload's pod template cannot be read (containers or volumes are not lists)."),
    ];
}
