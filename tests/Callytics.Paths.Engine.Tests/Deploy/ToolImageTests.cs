using System.Formats.Tar;
using System.Text.Json;
using Callytics.Paths.Engine.Tests.Support;

namespace Callytics.Paths.Engine.Tests.Deploy;

/// <summary>
/// The NativeAOT tool as deploy/tool/Dockerfile builds it, with the README's command: no trim or AOT warning, a
/// position-dependent executable (benchmarks/STARTUP.md), the version it reports. Issue #32 §5: the image holds the
/// tool and nothing else; the README's
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
        byte[] header = [];
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
                        header = new byte[18];
                        entry.DataStream!.ReadExactly(header);
                    }
                }
            }
        }

        files.Should().Equal(["usr/local/bin/callytics-paths"], "the image is FROM scratch with the binary alone");
        BitConverter.ToUInt16(header, 16).Should().Be(2, "the tool links as a position-dependent executable (ELF ET_EXEC), its data not dehydrated");
    }

    [EngineFact]
    public void The_readme_s_publish_command_makes_the_native_aot_binary_without_trim_or_aot_warnings()
    {
        // The README's command is the Dockerfile's: publishing for a runtime makes the NativeAOT binary (the project sets PublishAot).
        File.ReadAllText(Repository.Path("README.md")).Should().Contain("dotnet publish src/Callytics.Paths.Cli -c Release -r linux-x64 ");
        File.ReadAllText(Repository.Path("deploy/tool/Dockerfile")).Should().Contain("dotnet publish src/Callytics.Paths.Cli -c Release -r \"$rid\" -o /out");
        CommandResult build = SampleImages.ToolBuild;
        build.All.Should().Contain("callytics-paths.dll", "the build's output is the publish log").And.NotMatchRegex(@"warning IL[23]\d\d\d");
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
            version.Output.Should().StartWith("0.1.0");

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
