using Callytics.Paths.Rules;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Linting.Kubernetes;

/// <summary>Every Kubernetes rule, by code: the shared rules under CK with their compose numbers, then Kubernetes' own.</summary>
public static class KubernetesRuleSet
{
    private const string Prefix = "CK";

    internal const string MemoryEmptyDir = "CK120";
    internal const string SharedClaim = "CK122";
    internal const string HostPathNonRoot = "CK123";
    internal const string FsGroupWithoutChangePolicy = "CK124";
    internal const string ReferenceMissing = "CK130";
    internal const string Unreadable = "CK190";

    /// <summary>Every Kubernetes rule, the catalogue's among them, in code order: what SARIF's rule list and the docs show.</summary>
    public static readonly IReadOnlyList<LintRule> All =
    [
        LintRule.Shared(Prefix, PathRuleCatalog.NotOnVolume),
        LintRule.Shared(Prefix, PathRuleCatalog.NotPersistent),
        LintRule.Shared(Prefix, PathRuleCatalog.ReadOnlyMount),
        new("CK104", "RelativeSqliteUrl", FindingSeverity.Error, "A sqlite DATABASE_URL with three slashes is a path relative to the working directory; four slashes make it absolute."),
        LintRule.Shared(Prefix, PathRuleCatalog.DatabaseNotOnVolume),
        LintRule.Shared(Prefix, PathRuleCatalog.DatabaseSingleFileMount),
        new("CK109", "ContainersDisagree", FindingSeverity.Warning, "One claim or host path is mounted at different paths in containers whose role variables point at different places."),
        new("CK111", "ValueUndecided", FindingSeverity.Information, "A Callytics value comes from something not in the input (a ConfigMap, a Secret, a field), so it could not be checked."),
        new("CK112", "InvalidPathValue", FindingSeverity.Error, "A role variable or DATABASE_URL is not a usable Linux path or URL (empty, relative, Windows, '~', a URL where a path belongs)."),
        new("CK113", "UnknownRole", FindingSeverity.Error, "CALLYTICS_ROLES names a key that is not a role (audio, temp, logs, data, config, cache, database, or all)."),
        new("CK114", "RolesUndeclared", FindingSeverity.Information, "A container declares no Callytics variable but mounts standard Callytics paths: declaring CALLYTICS_ROLES states which roles it uses."),
        new(MemoryEmptyDir, "MemoryEmptyDirWithoutLimit", FindingSeverity.Warning, "A role lies on an emptyDir with medium: Memory and no sizeLimit: what it writes counts against the container's memory limit, unbounded."),
        new(SharedClaim, "DatabaseOnSharedClaim", FindingSeverity.Warning,
            "The database lies on a claim that is ReadWriteMany, or that several replicas of a Deployment or ReplicaSet share: SQLite over a network filesystem or with several writers."),
        new(HostPathNonRoot, "WrittenHostPathAsNonRoot", FindingSeverity.Warning, "A role the container writes lies on a hostPath while the pod runs as non-root: fsGroup does not apply to hostPath."),
        new(FsGroupWithoutChangePolicy, "FsGroupWithoutChangePolicy", FindingSeverity.Warning,
            "The pod sets fsGroup, mounts a PersistentVolumeClaim at a role path and sets no fsGroupChangePolicy: every start chowns the whole volume, which takes minutes on a large one."),
        new(ReferenceMissing, "ReferenceNotInInput", FindingSeverity.Information, "A container takes its environment from a ConfigMap or Secret that is not in the input: what it holds could not be checked."),
        new(Unreadable, "UnreadableWorkload", FindingSeverity.Error, "A workload's pod template cannot be read (containers or volumes are not lists)."),
    ];
}
