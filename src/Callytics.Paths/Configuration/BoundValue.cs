using Callytics.Paths.Validation;

namespace Callytics.Paths.Configuration;

/// <summary>
/// What the one binding step made of one directory variable: the value as written, the value it normalized to, and
/// the value rule it breaks (then it was left as written). Validation reads it instead of checking the value again.
/// </summary>
/// <param name="Written">The value as configured.</param>
/// <param name="Normalized">The absolute, canonical path it became (the written value when it is invalid).</param>
/// <param name="Invalid">The value rule it breaks (<see cref="ValueRules"/>), or null.</param>
internal sealed record BoundValue(string Written, string Normalized, PathFinding? Invalid)
{
    /// <summary>Whether the written value was relative (resolved against the working directory).</summary>
    internal bool WasRelative => Invalid is null && !Written.StartsWith('/');

    /// <summary>
    /// What the binding step made of <paramref name="layout"/>'s variable in <paramref name="paths"/>, when the value is
    /// still the one it produced; otherwise (a layout built by hand, or a value configured after binding) the value
    /// checked and normalized against <paramref name="workingDirectory"/> now.
    /// </summary>
    internal static BoundValue Of(CallyticsPaths paths, RoleLayout layout, string workingDirectory)
    {
        string value = layout.Get(paths);
        return paths.BoundValues.TryGetValue(layout.Variable, out BoundValue? known) && known.Normalized == value
            ? known
            : ValueRules.Check(layout.Variable, value) is { } invalid
                ? new BoundValue(value, value, invalid)
                : new BoundValue(value, PathNormalizer.Normalize(value, workingDirectory), null);
    }
}
