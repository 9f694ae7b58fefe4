using System.Globalization;

namespace Callytics.Paths.Cli.Output;

/// <summary>Byte counts for people (binary units, like <c>du -h</c>).</summary>
internal static class Sizes
{
    internal static string Human(long? bytes) => bytes switch
    {
        null => "-",
        >= 1L << 40 => Format(bytes.Value / (double)(1L << 40), "T"),
        >= 1L << 30 => Format(bytes.Value / (double)(1L << 30), "G"),
        >= 1L << 20 => Format(bytes.Value / (double)(1L << 20), "M"),
        >= 1L << 10 => Format(bytes.Value / (double)(1L << 10), "K"),
        _ => bytes.Value.ToString(CultureInfo.InvariantCulture) + "B",
    };

    private static string Format(double value, string unit) =>
        value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + unit;
}
