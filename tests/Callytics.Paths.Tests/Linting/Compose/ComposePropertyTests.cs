using System.Text;
using System.Text.Json;
using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Linting.Compose;

/// <summary>Properties over the corpus and over seeded random mutations of it.</summary>
public class ComposePropertyTests
{
    private static readonly string[] Corpus =
    [
        File.ReadAllText(ComposeFiles.Path("realistic/docker-compose.yml")),
        """
        services:
          api:
            environment:
              TEMP_DIR: "/app/.temp"   # 세션
              DATABASE_URL: 'sqlite:///app/x.sqlite'
            volumes:
              - ./temp:/app/temp
              - ./logs:/app/logs:ro
          worker:
            environment: [LOG_DIR=/app/logs, CACHE_DIR=/app/.cache]
            volumes:
            - type: bind
              source: ./logs
              target: /app/logs
        """,
        "services:\r\n  a:\r\n    environment:\r\n      DATA_DIR: /app/data\r\n      AUDIO_DIR: /app/audio",
    ];

    private const string Noise = ":-[]{}&*#!|>'\"$%@`,?\n\t {}";

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Lint_and_fix_never_crash_on_mutated_files(int seed)
    {
        using var tree = new TempTree();
        var random = new Random(seed);
        for (int i = 0; i < 60; i++)
        {
            string text = Mutate(Corpus[random.Next(Corpus.Length)], random);
            string path = tree.WriteFile("docker-compose.yml", text);
            try
            {
                List<Finding> findings = ComposeRules.Lint(ComposeLoader.Load([path], _ => null), ComposeFiles.CappedDaemon);
                findings.Where(f => f.Line < 0 || string.IsNullOrEmpty(f.Code)).Should().BeEmpty();
                ComposeFixer.Fix(ComposeDocument.Load(path), _ => null, [], daemon: ComposeFiles.CappedDaemon);
            }
            catch (ComposeReadException exception)
            {
                exception.Reason.Should().NotBeNullOrWhiteSpace(); // the one documented failure: exit 2 with a position
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Fixing_twice_changes_nothing_the_second_time_and_keeps_every_comment(int seed)
    {
        using var tree = new TempTree();
        var random = new Random(seed);
        string original = Variant(Corpus[seed % Corpus.Length], random);
        string path = tree.WriteFile("docker-compose.yml", original);

        string once = ComposeFixer.Fix(ComposeDocument.Load(path), _ => null, [], daemon: ComposeFiles.CappedDaemon).Text;
        File.WriteAllText(path, once);
        string twice = ComposeFixer.Fix(ComposeDocument.Load(path), _ => null, [], daemon: ComposeFiles.CappedDaemon).Text;

        twice.Should().Be(once);
        foreach (string line in original.Split('\n').Where(l => l.Contains('#')))
        {
            string comment = line[line.IndexOf('#')..].TrimEnd('\r');
            once.Should().Contain(comment);
        }
    }

    [ToolFact("/usr/bin/python3")]
    public void An_independent_yaml_parser_reads_the_same_services_after_a_fix()
    {
        using var tree = new TempTree();
        for (int i = 0; i < Corpus.Length; i++)
        {
            string before = tree.WriteFile($"before{i}.yml", Corpus[i]);
            string after = tree.WriteFile($"after{i}.yml", ComposeFixer.Fix(ComposeDocument.Load(before), _ => null, [], daemon: ComposeFiles.CappedDaemon).Text);
            JsonElement original = PythonServices(before);
            JsonElement fixedServices = PythonServices(after);

            fixedServices.EnumerateObject().Select(p => p.Name).Should().Equal(original.EnumerateObject().Select(p => p.Name));
            foreach (JsonProperty service in original.EnumerateObject())
            {
                string[] keys = [.. service.Value.EnumerateArray().Select(k => k.GetString()!)];
                fixedServices.GetProperty(service.Name).EnumerateArray().Select(k => k.GetString()!).Except(["volumes"])
                    .Should().BeEquivalentTo(keys.Except(["volumes"]), $"the fix keeps {service.Name}'s keys");
            }
        }
    }

    private static JsonElement PythonServices(string file)
    {
        string script = "import json,sys,yaml\nd=yaml.safe_load(open(sys.argv[1]))\nprint(json.dumps({k: sorted(v.keys()) for k, v in d['services'].items()}))";
        ProcessResult run = ChildProcess.Run(["/usr/bin/python3", "-c", script, file]);
        run.ExitCode.Should().Be(0, run.ToString());
        return JsonDocument.Parse(run.StandardOutput).RootElement;
    }

    /// <summary>A random edit: a character deleted, inserted or replaced, a line deleted, duplicated or swapped.</summary>
    private static string Mutate(string text, Random random)
    {
        var output = new StringBuilder(text);
        for (int edits = random.Next(1, 4); edits > 0 && output.Length > 0; edits--)
        {
            int at = random.Next(output.Length);
            switch (random.Next(6))
            {
                case 0: output.Remove(at, 1); break;
                case 1: output.Insert(at, Noise[random.Next(Noise.Length)]); break;
                case 2: output[at] = Noise[random.Next(Noise.Length)]; break;
                default:
                    string[] lines = output.ToString().Split('\n');
                    int line = random.Next(lines.Length);
                    var list = lines.ToList();
                    if (random.Next(3) == 0)
                    {
                        list.RemoveAt(line);
                    }
                    else if (random.Next(2) == 0)
                    {
                        list.Insert(line, lines[random.Next(lines.Length)]);
                    }
                    else
                    {
                        (list[line], list[^1]) = (list[^1], list[line]);
                    }

                    output.Clear().Append(string.Join('\n', list));
                    break;
            }
        }

        return output.ToString();
    }

    /// <summary>A variant that stays valid: values swapped for other plausible ones.</summary>
    private static string Variant(string text, Random random)
    {
        string[] paths = ["/app/temp", "/app/.temp", "/app/tmp", "/app/logs", "/app/.cache", "/app/data", "/srv/x"];
        return text.Replace("/app/.temp", paths[random.Next(paths.Length)], StringComparison.Ordinal)
            .Replace("/app/logs:ro", random.Next(2) == 0 ? "/app/logs" : "/app/logs:ro", StringComparison.Ordinal);
    }
}
