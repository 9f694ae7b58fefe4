namespace Callytics.Paths.Cli.Output;

/// <summary>Where the tool writes for people: colour only when stdout is a terminal and <c>NO_COLOR</c> is unset.</summary>
internal sealed class Terminal
{
    private Terminal(TextWriter output, TextWriter error, bool color)
    {
        Out = output;
        Error = error;
        Color = color;
    }

    /// <summary>Standard output.</summary>
    internal TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    internal TextWriter Error { get; }

    /// <summary>Whether ANSI colours are written.</summary>
    internal bool Color { get; }

    /// <summary>The process console, colour decided by the no-color.org convention.</summary>
    /// <remarks>A bounded child (<see cref="Bounded"/>) writes to a pipe: it colours exactly when its parent would.</remarks>
    internal static Terminal Console() =>
        new(System.Console.Out, System.Console.Error,
            Environment.GetEnvironmentVariable(Bounded.ColorVariable) is { } parent && Environment.GetEnvironmentVariable(Bounded.ChildVariable) == "1"
                ? parent == "1"
                : !System.Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>Plain text to <paramref name="output"/> and <paramref name="error"/>, never coloured (an in-process run's).</summary>
    internal static Terminal Plain(TextWriter output, TextWriter error) => new(output, error, color: false);

    /// <summary>✓ in green.</summary>
    internal string Good(string text) => Paint(text, "32");

    /// <summary>✗ in red.</summary>
    internal string Bad(string text) => Paint(text, "31");

    /// <summary>! in yellow.</summary>
    internal string Warn(string text) => Paint(text, "33");

    /// <summary>Dim, for secondary text.</summary>
    internal string Dim(string text) => Paint(text, "2");

    private string Paint(string text, string code) => Color ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
