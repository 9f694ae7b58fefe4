using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Repository;

/// <summary>
/// Issue #32 §3: the hooks in <c>.pre-commit-hooks.yaml</c>, run by Debian's real pre-commit through <c>pre-commit
/// try-repo</c> on a scratch Git repository, as a user's commit runs them: a bad compose file (or manifest) fails and
/// prints the finding, the fixed one passes, and a file neither hook's <c>files:</c> pattern names is not linted. The
/// hooks run the <c>callytics-paths</c> on PATH (<c>language: system</c>): here, this build's tool.
/// </summary>
public class PreCommitHooksTests
{
    private const string BadCompose = """
        services:
          api:
            image: api
            environment:
              TEMP_DIR: /app/.temp
            volumes:
              - ./temp:/app/temp
        """;

    private const string BadManifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: api
                  env:
                    - name: DATA_DIR
                      value: /app/data
        """;

    [ToolFact("pre-commit", "git")]
    public void A_bad_compose_file_fails_the_commit_with_its_finding_and_the_fixed_one_passes()
    {
        using var tree = new TempTree();
        (Dictionary<string, string> environment, string repo) = Scratch(tree);
        File.WriteAllText(Path.Combine(repo, "docker-compose.yml"), BadCompose);
        File.WriteAllText(Path.Combine(repo, "notes.yml"), BadCompose);
        Git(environment, repo, "add", "docker-compose.yml", "notes.yml");

        ProcessResult bad = TryRepo(environment, repo, "callytics-compose-lint");
        bad.ExitCode.Should().Be(1, bad.ToString());
        bad.StandardOutput.Should().MatchRegex(@"callytics-paths compose lint\.+Failed")
            .And.Contain("docker-compose.yml:5:17: error CC101: TEMP_DIR=/app/.temp lies inside no volume of api, while /app/temp is mounted")
            .And.NotContain("notes.yml", "notes.yml is no compose file by name: the hook's files pattern leaves it out");

        ProcessResult fix = ChildProcess.Run([.. ChildProcess.Tool, "compose", "fix", "--write", "docker-compose.yml"], environment, repo);
        fix.ExitCode.Should().Be(0, fix.ToString());
        Git(environment, repo, "add", "docker-compose.yml");

        ProcessResult good = TryRepo(environment, repo, "callytics-compose-lint");
        good.ExitCode.Should().Be(0, good.ToString());
        good.StandardOutput.Should().MatchRegex(@"callytics-paths compose lint\.+Passed");
    }

    [ToolFact("pre-commit", "git")]
    public void A_manifest_under_k8s_is_linted_and_fails_on_an_error_a_compose_file_is_left_to_the_compose_hook()
    {
        using var tree = new TempTree();
        (Dictionary<string, string> environment, string repo) = Scratch(tree);
        Directory.CreateDirectory(Path.Combine(repo, "k8s"));
        File.WriteAllText(Path.Combine(repo, "k8s", "api.yaml"), BadManifest);
        File.WriteAllText(Path.Combine(repo, "k8s", "docker-compose.yml"), BadCompose);
        Git(environment, repo, "add", "k8s");

        ProcessResult bad = TryRepo(environment, repo, "callytics-kube-lint");
        bad.ExitCode.Should().Be(1, bad.ToString());
        bad.StandardOutput.Should().MatchRegex(@"callytics-paths kube lint\.+Failed")
            .And.Contain("k8s/api.yaml:").And.Contain("error CK101: DATA_DIR=/app/data")
            .And.NotContain("k8s/docker-compose.yml:", "a compose file under k8s/ is the compose hook's");

        File.WriteAllText(Path.Combine(repo, "k8s", "api.yaml"), BadManifest.Replace("""
                      env:
                        - name: DATA_DIR
                          value: /app/data
            """, """
                      env:
                        - name: DATA_DIR
                          value: /app/data
                      volumeMounts:
                        - name: data
                          mountPath: /app/data
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: api-data
            """, StringComparison.Ordinal));
        Git(environment, repo, "add", "k8s");

        ProcessResult good = TryRepo(environment, repo, "callytics-kube-lint");
        good.ExitCode.Should().Be(0, good.ToString());
    }

    /// <summary>A scratch repository and the environment pre-commit runs in: this build's tool first on PATH, its own HOME and cache.</summary>
    private static (Dictionary<string, string> Environment, string Repo) Scratch(TempTree tree)
    {
        string bin = tree.WriteFile("bin/callytics-paths", $"#!/bin/sh\nexec {string.Join(' ', ChildProcess.Tool.Select(Quote))} \"$@\"\n");
        File.SetUnixFileMode(bin, (UnixFileMode)0x1ED); // 0755
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Path.GetDirectoryName(bin) + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = Directory.CreateDirectory(tree["home"]).FullName,
            ["PRE_COMMIT_HOME"] = tree["pre-commit-cache"],
            ["GIT_AUTHOR_NAME"] = "test", ["GIT_AUTHOR_EMAIL"] = "test@localhost",
            ["GIT_COMMITTER_NAME"] = "test", ["GIT_COMMITTER_EMAIL"] = "test@localhost",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
        string repo = Directory.CreateDirectory(tree["scratch"]).FullName;
        Git(environment, repo, "init", "--quiet");
        return (environment, repo);
    }

    /// <summary><c>pre-commit try-repo</c> with this repository's hooks, on the staged files, as a commit runs them.</summary>
    private static ProcessResult TryRepo(Dictionary<string, string> environment, string repo, string hook) =>
        ChildProcess.Run(["pre-commit", "try-repo", Checkout.Root, hook, "--color", "never"], environment, repo, timeout: TimeSpan.FromMinutes(3));

    private static void Git(Dictionary<string, string> environment, string repo, params string[] arguments)
    {
        ProcessResult git = ChildProcess.Run(["git", .. arguments], environment, repo);
        git.ExitCode.Should().Be(0, git.ToString());
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
