using System.Diagnostics;
using Callytics.Paths.Tests.Support;
using Callytics.Paths.Validation;

namespace Callytics.Paths.Tests.Validation;

public class ConcurrencyTests
{
    [Fact]
    public void Eight_services_starting_at_once_on_one_fresh_layout_all_start_and_leave_no_probe()
    {
        using var tree = new TempTree();
        var environment = new Dictionary<string, string> { ["CALLYTICS_ROOT"] = tree["shared/app"] };

        Process[] processes = [.. Enumerable.Range(0, 8).Select(_ => ChildProcess.StartTestHost(environment))];
        ProcessResult[] results = [.. processes.Select(p => ChildProcess.Wait(p))];

        results.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.ToString()));
        Directory.EnumerateFileSystemEntries(tree.Root, "*", SearchOption.AllDirectories)
            .Should().NotContain(p => Path.GetFileName(p).StartsWith(ProbeFile.Prefix, StringComparison.Ordinal));
        Directory.GetDirectories(tree["shared/app"]).Select(Path.GetFileName)
            .Should().BeEquivalentTo(["audio", "temp", "logs", "data", "config", ".cache"]);
    }

    [Fact]
    public void Validating_from_many_threads_at_once_is_safe()
    {
        using var tree = new TempTree();
        CallyticsPaths paths = tree.Layout();

        PathValidationResult[] results = new PathValidationResult[16];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i => results[i] = CallyticsPathsValidator.Validate(paths));

        results.Should().AllSatisfy(r => r.HasErrors.Should().BeFalse(string.Join('\n', r.Findings)));
        Directory.EnumerateFiles(tree.Root, ProbeFile.Prefix + "*", SearchOption.AllDirectories).Should().BeEmpty();
    }
}
