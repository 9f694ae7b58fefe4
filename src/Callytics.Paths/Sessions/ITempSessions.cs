namespace Callytics.Paths;

/// <summary>
/// Per-request work directories under <c>TEMP_DIR</c>: <c>{TempDir}/session_{id}</c>, private to this service (0700)
/// and removed when the session is disposed. Registered by <c>AddCallyticsPaths()</c>.
/// </summary>
public interface ITempSessions
{
    /// <summary>Creates <c>{TempDir}/session_{id}</c> with mode 0700.</summary>
    /// <param name="id">
    /// The id, matching <c>[A-Za-z0-9_-]{1,64}</c>; <see langword="null"/> for a random 128-bit id in lowercase hex.
    /// </param>
    /// <returns>The session; dispose it to delete its directory.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> does not match <c>[A-Za-z0-9_-]{1,64}</c>.</exception>
    /// <exception cref="IOException">
    /// A directory for that id already exists (one request never gets another's files), or TEMP_DIR cannot be written.
    /// </exception>
    TempSession Create(string? id = null);

    /// <summary>
    /// Deletes the <c>session_*</c> directories under TempDir whose newest modification (the directory and
    /// everything in it) is older than <paramref name="olderThan"/>. Nothing else in TempDir is touched, no symbolic
    /// link is followed (a <c>session_*</c> link is left alone), and nothing outside TempDir is reached.
    /// </summary>
    /// <param name="olderThan">How long a session must have been idle; zero or more.</param>
    /// <param name="dryRun">Report what would be removed without removing it.</param>
    /// <returns>What was (or would be) removed and the bytes freed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="olderThan"/> is negative (it would sweep sessions in use).</exception>
    /// <exception cref="InvalidOperationException">
    /// TempDir is <c>/</c>, or is, contains or lies inside DATA_DIR, CONFIG_DIR, AUDIO_DIR, LOG_DIR or the database's directory.
    /// </exception>
    TempSessionSweepResult Sweep(TimeSpan olderThan, bool dryRun = false);
}
