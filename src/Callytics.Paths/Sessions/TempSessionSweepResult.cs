namespace Callytics.Paths;

/// <summary>What a sweep of stale temp sessions removed (or, in a dry run, would remove).</summary>
public sealed class TempSessionSweepResult
{
    internal TempSessionSweepResult(IReadOnlyList<SweptTempSession> sessions, bool dryRun, IReadOnlyList<SkippedTempSession> skipped)
    {
        Sessions = sessions;
        DryRun = dryRun;
        Skipped = skipped;
    }

    /// <summary>Gets the stale sessions, oldest first.</summary>
    public IReadOnlyList<SweptTempSession> Sessions { get; }

    /// <summary>
    /// Gets the bytes (apparent sizes of regular files) really freed, those of sessions whose removal stopped part-way
    /// included, or that would be freed in a dry run.
    /// </summary>
    public long BytesFreed => Sessions.Sum(s => s.Bytes) + Skipped.Sum(s => s.BytesFreed);

    /// <summary>Gets whether this was a dry run (nothing removed).</summary>
    public bool DryRun { get; }

    /// <summary>
    /// Gets the <c>session_*</c> entries left alone, each with the reason: symbolic links and files, directories that
    /// cannot be opened, stale sessions holding a mount point or deeper than 512 levels, and sessions whose removal
    /// stopped part-way (which are not among <see cref="Sessions"/>).
    /// </summary>
    public IReadOnlyList<SkippedTempSession> Skipped { get; }
}

/// <summary>A <c>session_*</c> entry a sweep left alone, whole or in part.</summary>
/// <param name="Path">The entry.</param>
/// <param name="Reason">Why, for people: what was found or what failed.</param>
/// <param name="BytesFreed">What was removed from it before its removal stopped; 0 when nothing was.</param>
public sealed record SkippedTempSession(string Path, string Reason, long BytesFreed);

/// <summary>One stale session a sweep removed whole, or would remove.</summary>
/// <param name="Path">The session directory (a name's bytes that are not UTF-8 read as U+DC80 to U+DCFF, as Python's os.fsdecode reads them).</param>
/// <param name="Bytes">The apparent size of the regular files in it.</param>
/// <param name="LastModified">The newest modification time in its tree.</param>
public sealed record SweptTempSession(string Path, long Bytes, DateTimeOffset LastModified);
