using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli;

/// <summary>The tool as users get it: a .NET tool package, and a NativeAOT binary.</summary>
[LongRunning(40)]
public class PackagingTests
{
    private static Dictionary<string, string> BuildEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            // No build servers: they would outlive the test.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
        };

        // The children restore as the suite's own build did: NuGet finds its configuration and package folder from
        // these. Any other answer changes the libraries' restore outputs, and the NativeAOT publish then compiles
        // them again (two compiles, 45 s of processor).
        foreach (string name in new[] { "HOME", "DOTNET_CLI_HOME", "NUGET_PACKAGES" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    [Fact]
    public void The_library_and_the_tool_pack_to_a_folder_and_install_from_it_as_the_readme_says()
    {
        using var tree = new TempTree();
        long stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string version = $"0.1.0-test.{stamp}";
        string feed = tree.Dir("feed");
        void Pack(string project, string packageVersion)
        {
            // The projects as the suite built them (their configuration, --no-build), under a version of their own so
            // that no package cache holds it: rebuilding to stamp the version would compile three projects again.
            ProcessResult pack = ChildProcess.Run([ChildProcess.Dotnet, "pack", Checkout.Path(project), "-c", Checkout.Configuration, "--no-build", "-o", feed,
                $"-p:PackageVersion={packageVersion}"], BuildEnvironment(), timeout: TimeSpan.FromMinutes(6));
            pack.ExitCode.Should().Be(0, pack.ToString());
        }

        foreach (string project in new[] { "src/Callytics.Paths", "src/Callytics.Paths.Cli" })
        {
            Pack(project, version);
        }

        File.Exists(Path.Combine(feed, $"Callytics.Paths.Cli.{version}.nupkg")).Should().BeTrue();
        using (System.IO.Compression.ZipArchive library = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"Callytics.Paths.{version}.nupkg")))
        {
            foreach (string rid in new[] { "linux-x64", "linux-arm64" })
            {
                System.IO.Compression.ZipArchiveEntry image = library.GetEntry($"runtimes/{rid}/lib/net10.0/Callytics.Paths.dll")
                    ?? throw new Xunit.Sdk.XunitException($"the package has no ReadyToRun image for {rid}");
                using var copy = new MemoryStream();
                using (Stream stream = image.Open())
                {
                    stream.CopyTo(copy);
                }

                copy.Position = 0;
                using var pe = new System.Reflection.PortableExecutable.PEReader(copy);
                pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size.Should().BeGreaterThan(0, $"the {rid} image holds ReadyToRun code");
            }

            library.GetEntry("lib/net10.0/Callytics.Paths.dll").Should().NotBeNull("the portable assembly stays, for other systems and AnyCPU consumers");
        }

        // The README's route: --global (here into a home of the test's own), then its PATH line, pasted as written.
        string readme = File.ReadAllText(Checkout.Path("README.md"));
        string pathLine = readme.Split('\n').First(l => l.StartsWith("export PATH=", StringComparison.Ordinal));
        Dictionary<string, string> home = BuildEnvironment();
        home["DOTNET_CLI_HOME"] = tree.Dir("home");
        ProcessResult install = ChildProcess.Run([ChildProcess.Dotnet, "tool", "install", "--global", "Callytics.Paths.Cli", "--add-source", feed,
            "--version", version], home, timeout: TimeSpan.FromMinutes(6));
        install.ExitCode.Should().Be(0, install.ToString());

        Dictionary<string, string> shell = BuildEnvironment();
        shell["HOME"] = tree["home"];
        shell["DOTNET_ROOT"] = Path.GetDirectoryName(ChildProcess.Dotnet)!;
        shell["PATH"] = "/usr/bin:/bin";
        ProcessResult help = ChildProcess.Run(["sh", "-c", $"{pathLine.Split('#')[0]}\ncallytics-paths --help"], shell);
        help.ExitCode.Should().Be(0, help.ToString());
        help.StandardOutput.Should().Contain("callytics-paths").And.Contain("check").And.Contain("mounts");

        // A change packed again under a new version, then the README's update line: the new package is installed.
        string next = $"0.1.0-test.{stamp + 1}";
        Pack("src/Callytics.Paths.Cli", next);
        string updateLine = readme.Split('\n').First(l => l.StartsWith("dotnet tool update --global", StringComparison.Ordinal));
        string[] update = [.. updateLine.Replace("~/callytics-packages", feed, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
        ProcessResult updated = ChildProcess.Run([ChildProcess.Dotnet, .. update], home, timeout: TimeSpan.FromMinutes(6));
        updated.ExitCode.Should().Be(0, updated.ToString());
        ChildProcess.Run([ChildProcess.Dotnet, "tool", "list", "--global"], home).StandardOutput.Should().Contain(next, "the re-pack's version is the one installed");

        // The library from the same folder, as the README's Install says, in a web project whose Program.cs is the
        // README's "Using it" snippet word for word: it builds, and a broken layout exits 1 with the message once.
        string app = tree.Dir("app");
        File.WriteAllText(Path.Combine(app, "app.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(app, "Program.cs"), UsingItSnippet());
        ProcessResult add = ChildProcess.Run([ChildProcess.Dotnet, "add", app, "package", "Callytics.Paths", "--source", feed, "--version", version], BuildEnvironment(), timeout: TimeSpan.FromMinutes(6));
        add.ExitCode.Should().Be(0, add.ToString());
        ProcessResult build = ChildProcess.Run([ChildProcess.Dotnet, "build", app, "-c", "Release", "-o", tree["app-out"]], BuildEnvironment(), timeout: TimeSpan.FromMinutes(6));
        build.ExitCode.Should().Be(0, build.ToString());

        Dictionary<string, string> broken = BuildEnvironment();
        broken["CALLYTICS_ROOT"] = "relative/root";
        string trace = tree["trace"];
        ProcessResult run = ChildProcess.Run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", trace, ChildProcess.Dotnet, tree["app-out/app.dll"]], broken);
        run.ExitCode.Should().Be(1, run.ToString());
        string machine = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        File.ReadAllText(trace).Should().Contain($"runtimes/{machine}/lib/net10.0/Callytics.Paths.dll\"", "a portable build loads the package's ReadyToRun image for this machine");
        run.StandardError.Should().StartWith("The Callytics directory layout has").And.NotContain("Unhandled exception").And.NotContain("   at ");
        System.Text.RegularExpressions.Regex.Count(run.StandardError, "The Callytics directory layout has").Should().Be(1, "the README says: stderr holds the message once");
        run.StandardOutput.Should().Contain("fail: Callytics.Paths").And.Contain("Hosting failed to start", "the README says what the log still holds");
    }

    /// <summary>The first C# block under "## Using it" in README.md.</summary>
    private static string UsingItSnippet()
    {
        string readme = File.ReadAllText(Checkout.Path("README.md"));
        int section = readme.IndexOf("## Using it", StringComparison.Ordinal);
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }
}
