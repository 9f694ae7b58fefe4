namespace Callytics.Paths.Fuzz;

/// <summary>
/// The parsers under fuzzing and the contract each must keep on any input. A target returns normally when the
/// contract holds and throws <see cref="ContractViolationException"/> (or lets an unexpected exception escape) when
/// it does not: both are crashes to afl-fuzz, and both fail the replay test in the suite.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Gets the targets by name.</summary>
    public static IReadOnlyDictionary<string, Action<string>> All { get; } = new Dictionary<string, Action<string>>(StringComparer.Ordinal)
    {
        ["database-url"] = DatabaseUrlTarget.Run,
        ["mountinfo"] = MountInfoTarget.Run,
        ["compose-volume"] = ComposeVolumeTarget.Run,
        ["interpolation"] = InterpolationTarget.Run,
        ["kube-manifest"] = KubeManifestTarget.Run,
    };
}

/// <summary>A parser broke its documented contract on some input.</summary>
public sealed class ContractViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ContractViolationException()
    {
    }

    /// <summary>Creates the exception with what was broken.</summary>
    /// <param name="message">What was broken.</param>
    public ContractViolationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with what was broken and the exception that broke it.</summary>
    /// <param name="message">What was broken.</param>
    /// <param name="innerException">The exception that escaped.</param>
    public ContractViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws when <paramref name="holds"/> is false.</summary>
    /// <param name="holds">The condition.</param>
    /// <param name="what">What it says.</param>
    internal static void Check(bool holds, string what)
    {
        if (!holds)
        {
            throw new ContractViolationException(what);
        }
    }
}
