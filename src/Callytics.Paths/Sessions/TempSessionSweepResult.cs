namespace Callytics.Paths;

/// <summary>What a sweep of stale temp sessions removed (or, in a dry run, would remove).</summary>
public sealed class TempSessionSweepResult
{
    internal TempSessionSweepResult(IReadOnlyList<SweptTempSession> sessions, bool dryRun, int skipped)
    {
        Sessions = sessions;
        DryRun = dryRun;
        Skipped = skipped;
    }

    /// <summary>Gets the stale sessions, oldest first.</summary>
    public IReadOnlyList<SweptTempSession> Sessions { get; }

    /// <summary>Gets the bytes (apparent sizes of regular files) freed, or that would be freed in a dry run.</summary>
    public long BytesFreed => Sessions.Sum(s => s.Bytes);

    /// <summary>Gets whether this was a dry run (nothing removed).</summary>
    public bool DryRun { get; }

    /// <summary>Gets how many <c>session_*</c> entries were left alone (symbolic links, files, unreadable directories).</summary>
    public int Skipped { get; }
}

/// <summary>One stale session a sweep removed or would remove.</summary>
/// <param name="Path">The session directory.</param>
/// <param name="Bytes">The apparent size of the regular files in it.</param>
/// <param name="LastModified">The newest modification time in its tree.</param>
public sealed record SweptTempSession(string Path, long Bytes, DateTimeOffset LastModified);
