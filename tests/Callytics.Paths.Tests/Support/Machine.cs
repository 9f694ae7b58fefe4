extern alias library;

using library::Callytics.Paths.Interop;

namespace Callytics.Paths.Tests.Support;

/// <summary>What this machine lets the tests do for real: act as root, drop to another user, make mount namespaces.</summary>
public static class Machine
{
    /// <summary>The unprivileged user the permission tests drop to.</summary>
    public const int Nobody = 65534;

    /// <summary>Whether this runs in CI, where a test that cannot run must fail, never skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the tests run as root.</summary>
    public static bool IsRoot => Libc.GetEffectiveUserId() == 0;

    /// <summary>Whether <paramref name="tool"/> is on PATH.</summary>
    public static bool Has(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Any(d => File.Exists(Path.Combine(d, tool)));
}

/// <summary>
/// A fact that needs root and the given tools. Outside CI it is skipped when they are missing; in CI (<c>CI=true</c>)
/// it runs regardless and fails, so a machine that cannot run it never passes silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(params string[] tools)
    {
        if (Machine.InCi)
        {
            return;
        }

        if (!Machine.IsRoot)
        {
            Skip = "needs root (runs in CI, where it must pass)";
        }
        else if (tools.FirstOrDefault(t => !Machine.Has(t)) is { } missing)
        {
            Skip = $"needs {missing} (runs in CI, where it must pass)";
        }
    }
}

/// <summary>A theory that needs root and the given tools, skipped and failing as <see cref="RootFactAttribute"/> is.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute(params string[] tools)
    {
        Skip = new RootFactAttribute(tools).Skip;
    }
}

/// <summary>A fact that needs the given tools (absolute paths or names on PATH): skipped without them outside CI, failing in CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        if (!Machine.InCi && tools.FirstOrDefault(t => !Machine.Has(t)) is { } missing)
        {
            Skip = $"needs {missing} (runs in CI, where it must pass)";
        }
    }
}

/// <summary>
/// A fact that needs at least <c>processors</c> processors and the given tools: skipped without them outside CI,
/// failing in CI (which runs on two processors).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProcessorsFactAttribute : FactAttribute
{
    public ProcessorsFactAttribute(int processors, params string[] tools)
    {
        if (Machine.InCi)
        {
            return;
        }

        if (Environment.ProcessorCount < processors)
        {
            Skip = $"needs {processors} processors (runs in CI, where it must pass)";
        }
        else if (tools.FirstOrDefault(t => !Machine.Has(t)) is { } missing)
        {
            Skip = $"needs {missing} (runs in CI, where it must pass)";
        }
    }
}
