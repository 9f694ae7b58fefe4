using System.Globalization;
using System.Text;

namespace Callytics.Paths.Validation;

/// <summary>Shows a user-supplied value in a message safely: control characters escaped, very long values shortened.</summary>
internal static class DisplayText
{
    private const int MaxShown = 160;

    /// <summary>Returns <paramref name="value"/> ready to print on one line.</summary>
    internal static string Of(string? value)
    {
        if (value is null)
        {
            return "(unset)";
        }

        if (value.Length == 0)
        {
            return "(empty)";
        }

        if (value.Contains('@', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal))
        {
            value = Database.DatabaseUrl.Mask(value); // a URL pasted where a path belongs may carry a password
        }

        var text = new StringBuilder(Math.Min(value.Length, MaxShown) + 32);
        foreach (char c in value.Length > MaxShown ? value.AsSpan(0, MaxShown) : value.AsSpan())
        {
            _ = c switch
            {
                '\0' => text.Append("\\0"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                _ when char.IsControl(c) => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        if (value.Length > MaxShown)
        {
            text.Append(CultureInfo.InvariantCulture, $"… ({value.Length} characters)");
        }

        return text.ToString();
    }
}
