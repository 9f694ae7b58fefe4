namespace Callytics.Paths.Linting;

/// <summary>Reads a file a linter was given, and says plainly why when it cannot: <c>cannot read: no such file</c>.</summary>
internal static class InputFile
{
    /// <summary>The largest input read: a fleet's rendered charts or compose files are a few MB.</summary>
    internal const int MaxBytes = 32 * 1024 * 1024;

    /// <summary>The file's text, or null and the reason it cannot be read.</summary>
    internal static string? Read(string path, out string? reason)
    {
        reason = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                reason = Directory.Exists(path) ? "cannot read: is a directory" : "cannot read: no such file";
                return null;
            }

            if (info.Length > MaxBytes)
            {
                reason = $"cannot read: {info.Length} bytes, more than the {MaxBytes} an input may have";
                return null;
            }

            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            reason = exception is UnauthorizedAccessException ? "cannot read: permission denied" : $"cannot read: {exception.Message}";
            return null;
        }
    }
}
