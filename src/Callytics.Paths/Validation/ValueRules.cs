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
            return Error(FindingCodes.ValueEmpty, variable, Shown(), FindingMessages.ValueEmpty(variable));
        }

        int control = value.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (control < 0)
        {
            control = value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        }

        if (control >= 0)
        {
            return Error(FindingCodes.ValueControlCharacter, variable, Shown(),
                FindingMessages.ValueControlCharacter(variable, value[control], control, DefaultName(variable)));
        }

        if (IsWindowsPath(value))
        {
            return Error(FindingCodes.ValueWindowsPath, variable, Shown(), FindingMessages.ValueWindowsPath(variable, DefaultName(variable)));
        }

        if (LooksLikeUrl(value))
        {
            return Error(FindingCodes.ValueIsUrl, variable, Shown(), FindingMessages.ValueIsUrl(variable, DefaultName(variable)));
        }

        if (value[0] == '~')
        {
            return Error(FindingCodes.ValueTilde, variable, Shown(), FindingMessages.ValueTilde(variable, DefaultName(variable)));
        }

        // UTF-8 takes at most three bytes per UTF-16 unit, so a value this short cannot break either limit.
        if (value.Length * 3 > MaxNameBytes && (Encoding.UTF8.GetByteCount(value) > MaxPathBytes || LongestNameBytes(value) > MaxNameBytes))
        {
            return Error(FindingCodes.ValueTooLong, variable, Shown(), FindingMessages.ValueTooLong(variable, MaxPathBytes, MaxNameBytes));
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

    private static PathFinding Error(string code, string variable, string shown, FindingText text) =>
        new(FindingSeverity.Error, code, variable, shown, text);
}
