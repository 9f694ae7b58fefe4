using Callytics.Paths.Linting.Compose;

namespace Callytics.Paths.Fuzz;

/// <summary>
/// Compose interpolation: never throws; text without <c>$</c> is its own value; every unset variable it reports is
/// one the lookup was asked about.
/// </summary>
internal static class InterpolationTarget
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["DATA"] = "/srv/data", ["EMPTY"] = string.Empty, ["NESTED"] = "${DATA}/x", ["DOLLAR"] = "$$",
    };

    internal static void Run(string input)
    {
        var asked = new HashSet<string>(StringComparer.Ordinal);
        Interpolation.Result result = Interpolation.Apply(input, name =>
        {
            asked.Add(name);
            return Variables.GetValueOrDefault(name);
        });

        ContractViolationException.Check(result.Value is not null, "a value");
        ContractViolationException.Check(Interpolation.HasVariables(input) || (result.Value == input && result.Error is null), "text without $ is itself");
        ContractViolationException.Check(result.Unset.All(asked.Contains), "unset variables were looked up");
    }
}
