using Callytics.Paths.Fuzz;

namespace Callytics.Paths.Tests.Reliability;

/// <summary>
/// Every seed in fuzz/corpus and every input the fuzzer found (fuzz/findings) runs through its target's contract on
/// every test run: a crash found once stays a test for good.
/// </summary>
public class FuzzRegressionTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fuzz");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in new[] { "corpus", "findings" })
        {
            foreach (string target in FuzzTargets.All.Keys)
            {
                string directory = Path.Combine(Root, folder, target);
                foreach (string file in Directory.Exists(directory) ? Directory.GetFiles(directory).Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
                {
                    data.Add(target, Path.GetRelativePath(Root, file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Each_saved_input_keeps_its_parsers_contract(string target, string input)
    {
        string text = File.ReadAllText(Path.Combine(Root, input));

        FluentActions.Invoking(() => FuzzTargets.All[target](text)).Should().NotThrow();
    }

    [Fact]
    public void Every_target_has_seeds_and_the_findings_of_the_recorded_runs_are_here()
    {
        foreach (string target in FuzzTargets.All.Keys)
        {
            Directory.GetFiles(Path.Combine(Root, "corpus", target)).Should().NotBeEmpty(target);
        }

        Directory.GetFiles(Path.Combine(Root, "findings", "mountinfo")).Should().HaveCountGreaterThanOrEqualTo(39, "fuzz/README.md records them");
        Directory.GetFiles(Path.Combine(Root, "findings", "database-url")).Should().HaveCountGreaterThanOrEqualTo(2, "fuzz/README.md records them");
    }
}
