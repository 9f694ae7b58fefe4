using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Callytics.Paths.Cli.Exec;

/// <summary>
/// Loads every assembly the tool may run before <c>exec</c> drops root: the service user need not be able to read the
/// tool's folder (a 0700 checkout, a root-only install), and the .NET runtime loads an assembly from its file only when
/// code first needs it. A NativeAOT binary holds all its code already, so there this does nothing.
/// </summary>
internal static class ToolCode
{
    /// <summary>Loads the tool's assembly and, transitively, everything it references.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Runs only with dynamic code (not NativeAOT), where every referenced assembly ships beside the tool.")]
    internal static void LoadAll()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(ToolCode).Assembly]);
        while (pending.TryPop(out Assembly? assembly))
        {
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && seen.Add(name))
                {
                    try
                    {
                        pending.Push(Assembly.Load(reference));
                    }
                    catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
                    {
                        // a reference the tool never reaches (trimmed away): nothing to load
                    }
                }
            }
        }
    }
}
