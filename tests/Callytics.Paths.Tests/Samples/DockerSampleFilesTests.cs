using System.Text.RegularExpressions;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Samples;

/// <summary>
/// The compose sample's files agree with its header (issue #33): every <c>${VARIABLE}</c> the file reads is in
/// <c>.env.example</c>; the folders the header's <c>mkdir</c> makes, and the copied <c>.env</c>, are git-ignored; the
/// header gives both Compose forms and a way without sudo; every service names the image its Dockerfile's header tags.
/// The engine tests bring the file up as the header says, with Debian's Compose v1.
/// </summary>
public partial class DockerSampleFilesTests
{
    private static string Read(string file) => File.ReadAllText(Checkout.Path(Path.Combine("samples/docker", file)));

    [Fact]
    public void Every_variable_the_compose_file_reads_is_in_the_env_example()
    {
        string[] used = [.. Interpolated().Matches(Read("docker-compose.yml")).Select(m => m.Groups[1].Value).Distinct()];
        string example = Read(".env.example");

        used.Should().NotBeEmpty();
        used.Should().OnlyContain(v => example.Contains($"\n{v}=", StringComparison.Ordinal), ".env.example lists every variable the file reads");
    }

    [Fact]
    public void The_folders_the_header_makes_and_the_env_are_git_ignored()
    {
        string header = Read("docker-compose.yml").Split('\n').First(l => l.Contains("mkdir -p", StringComparison.Ordinal));
        string[] folders = header[(header.IndexOf("mkdir -p", StringComparison.Ordinal) + "mkdir -p".Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] ignored = Read(".gitignore").Split('\n');

        folders.Should().Contain(["audio", "temp", "logs", "data", "config", ".cache"]);
        folders.Should().OnlyContain(f => ignored.Contains($"/{f}/"));
        ignored.Should().Contain("/.env");
    }

    [Fact]
    public void The_header_gives_both_compose_forms_and_a_way_without_sudo_and_the_images_are_the_tagged_ones()
    {
        string compose = Read("docker-compose.yml");

        compose.Should().Contain("docker compose up --build").And.Contain("docker-compose up --build").And.Contain("without sudo");
        foreach ((string dockerfile, string image) in new[] { ("samples/docker/Dockerfile", "callytics-paths-sample"), ("samples/python/Dockerfile", "callytics-python-sample") })
        {
            File.ReadAllText(Checkout.Path(dockerfile)).Should().Contain($"-t {image} ");
            compose.Should().Contain($"image: {image}\n");
        }
    }

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)(?::?-[^}]*)?\}")]
    private static partial Regex Interpolated();
}
