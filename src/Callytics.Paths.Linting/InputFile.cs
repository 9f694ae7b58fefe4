using System.Text;
using Callytics.Paths.Interop;

namespace Callytics.Paths.Linting;

/// <summary>
/// Reads a file a linter was given (a compose file, a manifest, an <c>env_file</c>, <c>.env</c>), and says plainly
/// why when it cannot: <c>cannot read: no such file</c>. Only a regular file of at most <see cref="MaxBytes"/> is
/// read, as <c>--mountinfo</c> is: a named pipe would wait for a writer forever (it is opened without blocking and
/// never read), and a device such as <c>/dev/zero</c> never ends.
/// </summary>
internal static class InputFile
{
    /// <summary>The largest input read: a fleet's rendered charts or compose files are a few MB.</summary>
    internal const int MaxBytes = 32 * 1024 * 1024;

    /// <summary>The file's text, or null and the reason it cannot be read.</summary>
    internal static string? Read(string path, out string? reason)
    {
        reason = null;
        FileStatus status = FileStatus.Of(path);
        if (!status.Exists)
        {
            reason = status.Errno == Errno.ENOENT ? "cannot read: no such file" : $"cannot read: {Libc.Describe(status.Errno).ToLowerInvariant()}";
            return null;
        }

        if (status.IsDirectory)
        {
            reason = "cannot read: is a directory";
            return null;
        }

        try
        {
            byte[] bytes = ProcFile.ReadRegularFile(path, MaxBytes, "an input", "give the linter a regular file (save a pipe's output to a file first)");
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes.AsSpan(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            reason = exception is UnauthorizedAccessException ? "cannot read: permission denied" : $"cannot read: {exception.Message}";
            return null;
        }
    }
}
