using System.Globalization;
using System.Text;

namespace Callytics.Paths.Validation;

/// <summary>Shows a user-supplied value in a message safely: control characters escaped, very long values shortened.</summary>
public static class DisplayText
{
    private const int MaxShown = 160;

    /// <summary>Returns a configured value for a one-line summary: masked and escaped like <see cref="Of"/>, shortened only past what Linux accepts.</summary>
    internal static string OfSetting(string? value) => Of(value, ValueRules.MaxPathBytes);

    /// <summary>Returns <paramref name="value"/> ready to print on one line.</summary>
    /// <param name="value">The value as given.</param>
    /// <param name="maxShown">How many characters are shown before it is shortened.</param>
    public static string Of(string? value, int maxShown = MaxShown)
    {
        if (value is null)
        {
            return "(unset)";
        }

        if (value.Length == 0)
        {
            return "(empty)";
        }

        if (value.AsSpan().IndexOfAny("@?=") >= 0)
        {
            value = Database.SecretMask.Apply(value); // a URL or connection string pasted where a path belongs may carry a password
        }

        if (value.Length <= maxShown && value.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 && value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') < 0)
        {
            return value; // nothing to escape or shorten: the usual case
        }

        var text = new StringBuilder(Math.Min(value.Length, maxShown) + 32);
        foreach (char c in value.Length > maxShown ? value.AsSpan(0, maxShown) : value.AsSpan())
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

        if (value.Length > maxShown)
        {
            text.Append(CultureInfo.InvariantCulture, $"… ({value.Length} characters)");
        }

        return text.ToString();
    }
}
