using Microsoft.Extensions.Logging;

namespace Callytics.Paths.Logging;

/// <summary>The library's log messages (source-generated: no boxing, no parsing of templates at run time).</summary>
internal static partial class Log
{
    /// <summary>The category every library message is written under.</summary>
    internal const string Category = "Callytics.Paths";

    [LoggerMessage(EventId = 1, EventName = "LayoutResolved", Level = LogLevel.Information,
        Message = "Callytics paths: AUDIO_DIR={AudioDir} TEMP_DIR={TempDir} LOG_DIR={LogDir} DATA_DIR={DataDir} CONFIG_DIR={ConfigDir} CACHE_DIR={CacheDir} DATABASE_URL={DatabaseUrl}")]
    internal static partial void LayoutResolved(ILogger logger, string audioDir, string tempDir, string logDir, string dataDir,
        string configDir, string cacheDir, string databaseUrl);

    [LoggerMessage(EventId = 2, EventName = "PathWarning", Level = LogLevel.Warning, Message = "{Code} {Variable}: {Message} Fix: {Fix}")]
    internal static partial void PathWarning(ILogger logger, string code, string variable, string message, string fix);

    [LoggerMessage(EventId = 3, EventName = "PathError", Level = LogLevel.Error, Message = "{Code} {Variable}: {Message} Fix: {Fix}")]
    internal static partial void PathError(ILogger logger, string code, string variable, string message, string fix);

    [LoggerMessage(EventId = 4, EventName = "PathInformation", Level = LogLevel.Debug, Message = "{Code} {Variable}: {Message}")]
    internal static partial void PathInformation(ILogger logger, string code, string variable, string message);

    [LoggerMessage(EventId = 10, EventName = "SessionsSwept", Level = LogLevel.Information, Message = "Swept {Count} stale temp sessions, {Bytes} bytes freed")]
    internal static partial void SessionsSwept(ILogger logger, int count, long bytes);

    [LoggerMessage(EventId = 12, EventName = "SessionLeftAlone", Level = LogLevel.Warning, Message = "The temp session sweep left {Path} alone: {Reason}")]
    internal static partial void SessionLeftAlone(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 11, EventName = "SweepFailed", Level = LogLevel.Warning, Message = "The temp session sweep failed: {Reason}")]
    internal static partial void SweepFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 20, EventName = "StatusRefreshStalled", Level = LogLevel.Warning,
        Message = "The Callytics.Paths status reading has not returned for {Seconds} s while reading {Variable} (a hung filesystem?): the metrics report the last readings, and health checks fail at their timeout, until it does")]
    internal static partial void StatusRefreshStalled(ILogger logger, long seconds, string variable);
}
