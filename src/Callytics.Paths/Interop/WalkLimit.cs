namespace Callytics.Paths.Interop;

/// <summary>What kept a walk out of a directory it found.</summary>
internal enum WalkLimit
{
    /// <summary>Every directory was entered.</summary>
    None,

    /// <summary>A directory is a mount point of another filesystem.</summary>
    MountPoint,

    /// <summary>A directory lies deeper than <see cref="DirectoryHandle.MaxDepth"/> levels.</summary>
    TooDeep,
}
