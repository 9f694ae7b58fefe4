namespace Callytics.Paths.Validation;

/// <summary>How much a finding matters.</summary>
public enum FindingSeverity
{
    /// <summary>A fact worth knowing (a directory was created, a server database is not checked on disk).</summary>
    Information,

    /// <summary>The service runs, but something will hurt later (a relative path, a world-writable directory).</summary>
    Warning,

    /// <summary>The service must not start: data would be lost or writes would fail.</summary>
    Error,
}
