using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Repository;

/// <summary>
/// Every script of the repository answers <c>--help</c> with its usage and runs nothing (issue #33: <c>run.sh
/// --help</c> started the full run, <c>inprocess.sh --help</c> took the flag for a filter and built); the README's
/// "Repository" section names the folders they live in and links their READMEs.
/// </summary>
public class ScriptHelpTests
{
    public static TheoryData<string> Scripts()
    {
        var scripts = new TheoryData<string>();
        foreach (string folder in new[] { "benchmarks", "fuzz", ".ci" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(Checkout.Root, folder), "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
                .Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".py", StringComparison.Ordinal) || Path.GetDirectoryName(f)!.EndsWith("/.ci", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                scripts.Add(Path.GetRelativePath(Checkout.Root, file));
            }
        }

        return scripts;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Help_prints_the_usage_and_runs_nothing(string script)
    {
        string[] command = script.EndsWith(".py", StringComparison.Ordinal) ? ["python3", script, "--help"] : ["bash", script, "--help"];
        DateTime started = DateTime.UtcNow;

        ProcessResult run = ChildProcess.Run(command, new Dictionary<string, string>(), workingDirectory: Checkout.Root);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Trim().Should().NotBeEmpty("the usage is printed");
        run.StandardError.Should().BeEmpty("nothing is built or run");
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(10), "nothing is built or run");
    }

    [Fact]
    public void The_readme_names_every_folder_with_scripts_and_links_their_readmes()
    {
        string readme = File.ReadAllText(Path.Combine(Checkout.Root, "README.md"));
        string repository = readme[readme.IndexOf("## Repository", StringComparison.Ordinal)..];

        repository.Should().Contain("`benchmarks/`").And.Contain("`fuzz/`").And.Contain("`.ci/`").And.Contain("`samples/python/`")
            .And.Contain("(benchmarks/README.md)").And.Contain("(fuzz/README.md)");
    }
}
