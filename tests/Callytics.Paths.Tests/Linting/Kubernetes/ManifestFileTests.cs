using System.Diagnostics;
using Callytics.Paths.Linting.Kubernetes;
using FluentAssertions;
using Xunit;

namespace Callytics.Paths.Tests.Linting.Kubernetes;

public class ManifestFileTests
{
    [Fact]
    public void Every_document_of_a_helm_rendering_is_read_with_its_source_comments_out_of_the_way()
    {
        ManifestFile file = ManifestFile.Load(Manifests.Path("helm.yaml"), "helm.yaml");

        file.Documents.Should().HaveCount(4);
        file.DisplayName.Should().Be("helm.yaml");
    }

    [Fact]
    public void Malformed_yaml_is_reported_at_its_line()
    {
        Action read = () => ManifestFile.Parse("bad.yaml", "kind: Pod\nspec:\n  containers: [\n");

        read.Should().Throw<ManifestReadException>().Which.Message.Should().MatchRegex(@"^bad\.yaml:\d+:\d+: ");
    }

    [Fact]
    public void An_alias_bomb_is_refused_quickly_without_expanding_it()
    {
        var bomb = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 40; i++)
        {
            bomb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var clock = Stopwatch.StartNew();
        Action read = () => ManifestFile.Parse("bomb.yaml", bomb.ToString());

        read.Should().Throw<ManifestReadException>().Which.Reason.Should().Contain("aliases");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "a refusal, not an expansion");
    }

    [Fact]
    public void Deep_nesting_is_refused_before_any_node_is_built()
    {
        string deep = new string('[', 100_000) + new string(']', 100_000);

        Action read = () => ManifestFile.Parse("deep.yaml", deep);

        read.Should().Throw<ManifestReadException>().Which.Reason.Should().Contain("nested more than 64 levels");
    }

    [Fact]
    public void A_huge_scalar_is_read_and_linted_as_a_value()
    {
        string huge = new('x', 4 * 1024 * 1024);
        string yaml = Manifests.Pod(Manifests.Env(("TEMP_DIR", "/app/" + huge)));

        List<Callytics.Paths.Linting.Finding> findings = Manifests.Lint(yaml);

        findings.Should().ContainSingle().Which.Code.Should().Be("CK112", "a name longer than the filesystem allows is not a usable path");
    }

    [Fact]
    public void An_alias_to_no_anchor_is_an_error_at_its_place()
    {
        Action read = () => ManifestFile.Parse("a.yaml", "kind: Pod\nspec: *missing\n");

        read.Should().Throw<ManifestReadException>().Which.Message.Should().StartWith("a.yaml:2:7:");
    }
}
