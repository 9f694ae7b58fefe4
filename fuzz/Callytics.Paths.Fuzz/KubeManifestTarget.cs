using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Kubernetes;

namespace Callytics.Paths.Fuzz;

/// <summary>
/// Kubernetes manifests (<c>ManifestFile.Parse</c>, then <c>KubernetesLinter.Lint</c>): the only exception is
/// <see cref="ManifestReadException"/> with a reason; a manifest that reads is linted without throwing, and every
/// finding has a code from the rule set and a position in the input.
/// </summary>
internal static class KubeManifestTarget
{
    private static readonly HashSet<string> Codes = [.. KubernetesRuleSet.All.Select(r => r.Code)];

    internal static void Run(string input)
    {
        ManifestFile file;
        try
        {
            file = ManifestFile.Parse("fuzz.yaml", input);
        }
        catch (ManifestReadException exception)
        {
            ContractViolationException.Check(exception.Reason.Length > 0, "a refusal says why");
            return;
        }

        (List<Finding> findings, int suppressed) = KubernetesLinter.Lint([file]);
        ContractViolationException.Check(suppressed >= 0, "a count of suppressed findings");
        foreach (Finding finding in findings)
        {
            ContractViolationException.Check(Codes.Contains(finding.Code), $"{finding.Code} is a rule");
            ContractViolationException.Check(finding.File == "fuzz.yaml" && finding.Line >= 1 && finding.Column >= 1, "a finding is at a place in the input");
        }
    }
}
