namespace Callytics.Paths.Tests.Support;

/// <summary>The hostile values every variable is given, through the library and through the tool.</summary>
public static class HostileValues
{
    /// <summary>Every variable the layout reads.</summary>
    public static IReadOnlyList<string> Variables { get; } =
        ["AUDIO_DIR", "TEMP_DIR", "LOG_DIR", "DATA_DIR", "CONFIG_DIR", "CACHE_DIR", "DATABASE_URL", "CALLYTICS_ROOT", "CALLYTICS_MOUNT_CHECK"];

    /// <summary>
    /// Empty, whitespace, control characters, 5,000 characters, 2,000 components, a <c>..</c> chain, <c>~</c>,
    /// Windows and UNC paths, another URL scheme (with the test password), non-ASCII, /proc and /dev.
    /// </summary>
    public static IReadOnlyList<string> Values { get; } =
    [
        "", "   ", "/app/te\tmp", "/app/\u0001x", new string('a', 5000), "/" + string.Join('/', Enumerable.Repeat("d", 2000)),
        "../../../../../../../../etc", "~/x", "C:\\temp", "\\\\server\\share", "ftp://user:hunter2@host/x", "/proc/self", "/dev/null",
        "/데이터/음성", "sqlite:////proc/1/mem",
    ];

    /// <summary>Every variable with every value.</summary>
    public static TheoryData<string, string> Pairs() => PairsOf(Variables);

    /// <summary>Every value in each of <paramref name="variables"/>.</summary>
    public static TheoryData<string, string> PairsOf(params IReadOnlyList<string> variables)
    {
        var data = new TheoryData<string, string>();
        foreach (string variable in variables)
        {
            foreach (string value in Values)
            {
                data.Add(variable, value);
            }
        }

        return data;
    }
}
