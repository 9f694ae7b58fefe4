using System.Text.RegularExpressions;
using Callytics.Paths.Tests.Support;
using FluentAssertions;
using Xunit;

namespace Callytics.Paths.Tests.Repository;

/// <summary>
/// Issue #30: "messages live in one place, so they can be reviewed side by side". Every finding the library makes
/// (<c>PathFinding</c>) and every finding or load note the linters make (<c>Finding</c>, <c>LoadNote</c>) takes its
/// message and fix from <c>FindingMessages</c> (the library) or <c>LintMessages</c> (the linters): no text is written
/// where a finding is made.
/// </summary>
public partial class MessagesInOnePlaceTests
{
    private static readonly string[] MessageFiles = ["FindingMessages.cs", "LintMessages.cs"];

    [GeneratedRegex(@"new PathFinding\(|new Finding\(|new LoadNote\(|new\(FindingSeverity\.|\bNote\(""CC")]
    private static partial Regex Construction();

    [Fact]
    public void No_finding_is_worded_where_it_is_made()
    {
        var sites = new List<string>();
        var worded = new List<string>();
        foreach (string project in new[] { "src/Callytics.Paths", "src/Callytics.Paths.Linting" })
        {
            foreach (string file in Directory.EnumerateFiles(Checkout.Path(project), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
                .Where(f => !MessageFiles.Contains(Path.GetFileName(f))))
            {
                string text = File.ReadAllText(file);
                foreach (Match match in Construction().Matches(text))
                {
                    string where = $"{Path.GetRelativePath(Checkout.Root, file)}:{text[..match.Index].Count(c => c == '\n') + 1}";
                    sites.Add(where);
                    if (WordedInline(text, text.IndexOf('(', match.Index)))
                    {
                        worded.Add(where + ": " + text[match.Index..Math.Min(text.Length, match.Index + 160)].ReplaceLineEndings(" "));
                    }
                }
            }
        }

        sites.Should().HaveCountGreaterThan(60, "the scan must see the findings the rules make (about 70), or it proves nothing");
        worded.Should().BeEmpty("a finding's message and fix are written in FindingMessages or LintMessages, not where the finding is made");
    }

    [Fact]
    public void The_scan_sees_a_message_written_inline()
    {
        WordedInline("""new PathFinding(FindingSeverity.Error, code, variable, path, $"{variable} is bad.", "Fix it.");""", "new PathFinding(".Length - 1).Should().BeTrue();
        WordedInline("""new Finding(position, severity, code, workload, message, $"Set {variable}.");""", "new Finding(".Length - 1).Should().BeTrue();
        WordedInline("""new PathFinding(FindingSeverity.Error, "CP104", variable, path, FindingMessages.NotADirectory(variable, path, kind));""", "new PathFinding(".Length - 1).Should().BeFalse();
        WordedInline("""new PathFinding(severity, code, "TEMP_DIR", path, FindingMessages.X(a, b), string.Empty);""", "new PathFinding(".Length - 1).Should().BeFalse();
        WordedInline("""new Finding(position, severity, code, workload, LintMessages.X(a, $"the database {file}"), fix);""", "new Finding(".Length - 1).Should().BeTrue("a fragment of wording is wording too");
    }

    /// <summary>
    /// Whether the call whose argument list opens at <paramref name="open"/> has a string literal in its message or
    /// fix: its last two arguments when it takes them as two texts (six or more), its last when it takes one worded text.
    /// </summary>
    private static bool WordedInline(string text, int open)
    {
        var arguments = new List<string>();
        int depth = 0;
        int start = open + 1;
        bool inString = false;
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    if (depth == 0)
                    {
                        arguments.Add(text[start..i]);
                        return arguments.Count >= 5 && arguments.TakeLast(arguments.Count >= 6 ? 2 : 1).Any(a => a.Contains('"', StringComparison.Ordinal));
                    }

                    break;
                case ',' when depth == 1:
                    arguments.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        return false;
    }
}
