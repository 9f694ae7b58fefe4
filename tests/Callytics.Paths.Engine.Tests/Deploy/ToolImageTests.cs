using System.Formats.Tar;
using System.Text.Json;
using Callytics.Paths.Engine.Tests.Support;

namespace Callytics.Paths.Engine.Tests.Deploy;

/// <summary>
/// Issue #32 §5: deploy/tool/Dockerfile builds an image that holds the NativeAOT tool and nothing else; the README's
/// one <c>COPY --from=</c> line puts it into a glibc service image, where it runs; on a base without glibc it fails
/// as deploy/tool/Dockerfile says. The Python sample copies the tool from it, and its engine tests run <c>exec</c>
/// and <c>health</c> (Samples/SampleComposeTests, Layer/ContainerLayerTests, Seed/SeedFailureTests).
/// </summary>
public sealed class ToolImageTests
{
    [EngineFact]
    public void The_tool_image_holds_the_binary_alone()
    {
        string tool = SampleImages.RequireTool();
        using var folder = new HostFolder();
        string saved = folder["tool.tar"];
        CommandResult save = DockerEngine.Docker("save", "-o", saved, tool);
        save.ExitCode.Should().Be(0, save.ToString());

        var files = new List<string>();
        using (FileStream stream = File.OpenRead(saved))
        using (var image = new TarReader(stream))
        {
            var layers = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            string[]? order = null;
            while (image.GetNextEntry() is { } entry)
            {
                if (entry.Name == "manifest.json")
                {
                    using JsonDocument manifest = JsonDocument.Parse(entry.DataStream!);
                    order = [.. manifest.RootElement[0].GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!)];
                }
                else if (entry.Name.EndsWith("layer.tar", StringComparison.Ordinal) && entry.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    layers[entry.Name] = copy.ToArray();
                }
            }

            order.Should().NotBeNull("docker save writes a manifest");
            foreach (string layer in order!)
            {
                using var reader = new TarReader(new MemoryStream(layers[layer]));
                while (reader.GetNextEntry() is { } entry)
                {
                    if (entry.EntryType is not TarEntryType.Directory)
                    {
                        files.Add(entry.Name);
                    }
                }
            }
        }

        files.Should().Equal(["usr/local/bin/callytics-paths"], "the image is FROM scratch with the binary alone");
    }

    [EngineFact]
    public void The_readme_s_one_line_copies_it_into_a_glibc_service_and_without_glibc_it_fails_as_documented()
    {
        string tool = SampleImages.RequireTool();
        string line = File.ReadAllLines(Repository.Path("README.md")).Select(l => l.Trim()).First(l => l.StartsWith("COPY --from=callytics-paths-tool ", StringComparison.Ordinal));
        using var folder = new HostFolder();
        File.WriteAllText(folder["Dockerfile"], $"FROM {DockerEngine.DebianImage}\n{line}\n");
        string service = "callytics-tool-copy-" + Guid.NewGuid().ToString("N")[..8];
        CommandResult build = DockerEngine.Run(["docker", "build", "--network", "none", "-t", service, "."], workingDirectory: folder.Root);
        build.ExitCode.Should().Be(0, build.ToString());
        try
        {
            CommandResult version = DockerEngine.Docker("run", "--rm", "--network", "none", service, "callytics-paths", "--version");
            version.ExitCode.Should().Be(0, version.ToString());
            version.Output.Should().MatchRegex(@"^\d+\.\d+\.\d+");

            CommandResult check = DockerEngine.Docker("run", "--rm", "--network", "none", "-e", "CALLYTICS_ROLES=temp", "-e", "CALLYTICS_MOUNT_CHECK=off",
                service, "callytics-paths", "check", "--json");
            check.ExitCode.Should().Be(0, check.ToString());
            JsonDocument.Parse(check.Output).RootElement.GetProperty("paths").GetProperty("temp").GetProperty("path").GetString().Should().Be("/app/temp");

            CommandResult noLibc = DockerEngine.Docker("run", "--rm", "--network", "none", "--entrypoint", "/usr/local/bin/callytics-paths", tool, "--version");
            noLibc.ExitCode.Should().NotBe(0);
            noLibc.All.Should().Contain("no such file or directory", "without glibc the kernel finds no loader for the binary, as deploy/tool/Dockerfile says");
        }
        finally
        {
            DockerEngine.Docker("rmi", "--force", service);
        }
    }
}
