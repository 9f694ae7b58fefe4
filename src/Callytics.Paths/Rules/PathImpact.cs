namespace Callytics.Paths.Rules;

/// <summary>What a path rule's finding costs the service, the reason its severity is what it is.</summary>
public enum PathImpact
{
    /// <summary>What the service writes is lost when the container (or the pod) goes away.</summary>
    DataLoss,

    /// <summary>Nothing is lost but work: a cache rebuilt on every restart.</summary>
    Slowness,

    /// <summary>The service reads what the image holds, not what the host provides.</summary>
    HostInputHidden,

    /// <summary>The service's writes are refused (EROFS) and it fails, without losing anything.</summary>
    WriteRefused,

    /// <summary>SQLite's companion files land elsewhere: committed data can be lost and writers do not coordinate.</summary>
    Corruption,
}
