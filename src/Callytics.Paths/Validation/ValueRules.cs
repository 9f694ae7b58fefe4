using System.Buffers;
using System.Text;
using Callytics.Paths.Configuration;

namespace Callytics.Paths.Validation;

/// <summary>Rule 1: a value must be a plausible Linux path before anything touches the disk.</summary>
public static class ValueRules
{
    private static readonly SearchValues<char> SchemeCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

    /// <summary>The longest path Linux accepts, in bytes, without the terminating NUL (PATH_MAX - 1).</summary>
    internal const int MaxPathBytes = 4095;

    /// <summary>The longest name of one path component, in bytes (NAME_MAX).</summary>
    internal const int MaxNameBytes = 255;

    /// <summary>Returns the error that makes <paramref name="value"/> unusable as a path, or <see langword="null"/>.</summary>
    public static PathFinding? Check(string variable, string? value)
    {
        // What the message shows is built only for a value that fails: most values pass.
        string Shown() => DisplayText.Of(value);
        if (string.IsNullOrWhiteSpace(value))
        {
            return Error(FindingCodes.ValueEmpty, variable, Shown(),
                "is empty, so the service has no directory for it.",
                $"Set {variable} to an absolute path, or unset it to use the default under CALLYTICS_ROOT.");
        }

        int control = value.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (control < 0)
        {
            control = value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        }

        if (control >= 0)
        {
            string what = value[control] == '\0' ? "a NUL character" : $"a control character (U+{(int)value[control]:X4})";
            return Error(FindingCodes.ValueControlCharacter, variable, Shown(),
                $"contains {what} at position {control}; no file name can hold it (a stray newline or quote from a .env file is the usual cause).",
                $"Set {variable} to a plain absolute path such as /app/{DefaultName(variable)}.");
        }

        if (IsWindowsPath(value))
        {
            return Error(FindingCodes.ValueWindowsPath, variable, Shown(),
                "is a Windows path; inside a Linux container it is a relative file name, not the folder you meant.",
                $"Set {variable} to the container path (for example /app/{DefaultName(variable)}) and put the Windows host path on the left side of the compose volume line.");
        }

        if (LooksLikeUrl(value))
        {
            return Error(FindingCodes.ValueIsUrl, variable, Shown(),
                "is a URL, not a directory; as a path it would be a relative folder named after the URL.",
                $"Set {variable} to an absolute directory path such as /app/{DefaultName(variable)}.");
        }

        if (value[0] == '~')
        {
            return Error(FindingCodes.ValueTilde, variable, Shown(),
                "starts with '~'; nothing expands it here, so it would be a directory literally named '~'.",
                $"Write the home directory out in full, for example {variable}=/home/app/{DefaultName(variable)}.");
        }

        // UTF-8 takes at most three bytes per UTF-16 unit, so a value this short cannot break either limit.
        if (value.Length * 3 > MaxNameBytes && (Encoding.UTF8.GetByteCount(value) > MaxPathBytes || LongestNameBytes(value) > MaxNameBytes))
        {
            return Error(FindingCodes.ValueTooLong, variable, Shown(),
                $"is longer than Linux allows ({MaxPathBytes} bytes for a path, {MaxNameBytes} for one name).",
                $"Set {variable} to a shorter path.");
        }

        return null;
    }

    /// <summary>Whether <paramref name="value"/> looks like <c>C:\x</c>, <c>C:/x</c>, <c>C:</c> or <c>\\server\share</c>.</summary>
    public static bool IsWindowsPath(string value) =>
        value.StartsWith(@"\\", StringComparison.Ordinal)
        || (value.Length >= 2 && char.IsAsciiLetter(value[0]) && value[1] == ':'
            && (value.Length == 2 || value[2] is '\\' or '/'));

    /// <summary>Whether <paramref name="value"/> starts like <c>scheme://</c>.</summary>
    internal static bool LooksLikeUrl(string value)
    {
        int separator = value.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && char.IsAsciiLetter(value[0])
            && !value.AsSpan(0, separator).ContainsAnyExcept(SchemeCharacters);
    }

    private static int LongestNameBytes(string value)
    {
        int longest = 0;
        foreach (Range part in value.AsSpan().Split('/'))
        {
            longest = Math.Max(longest, Encoding.UTF8.GetByteCount(value.AsSpan()[part]));
        }

        return longest;
    }

    private static string DefaultName(string variable) =>
        RoleLayout.ForVariable(variable)?.DefaultName ?? "data/" + CallyticsPathsVariables.DefaultDatabaseFileName;

    private static PathFinding Error(string code, string variable, string shown, string message, string fix) =>
        new(FindingSeverity.Error, code, variable, shown, $"{variable} {message}", fix);
}
