using System.Text;

namespace Callytics.Paths.Linting.Compose;

/// <summary>A unified diff of two texts (three lines of context), like <c>diff -u</c>.</summary>
public static class UnifiedDiff
{
    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/>, both headed <paramref name="name"/> (<c>--- a/NAME</c>, <c>+++ b/NAME</c>).</summary>
    /// <returns>The diff's text.</returns>
    public static string Create(string before, string after, string name)
    {
        string[] a = Lines(before);
        string[] b = Lines(after);
        List<(char Kind, string Line, int A, int B)> script = Script(a, b);
        var output = new StringBuilder();
        output.Append("--- a/").Append(name).Append('\n').Append("+++ b/").Append(name).Append('\n');
        int i = 0;
        while (i < script.Count)
        {
            if (script[i].Kind == ' ')
            {
                i++;
                continue;
            }

            int start = Math.Max(0, i - 3);
            int end = i;
            while (end < script.Count)
            {
                int nextChange = script.FindIndex(end, s => s.Kind != ' ');
                if (nextChange < 0 || nextChange - end > 6 && end > i)
                {
                    break;
                }

                end = nextChange + 1;
                while (end < script.Count && script[end].Kind != ' ')
                {
                    end++;
                }
            }

            end = Math.Min(script.Count, end + 3);
            List<(char Kind, string Line, int A, int B)> hunk = script.GetRange(start, end - start);
            int aStart = hunk.FirstOrDefault(h => h.Kind != '+').A;
            int bStart = hunk.FirstOrDefault(h => h.Kind != '-').B;
            int aCount = hunk.Count(h => h.Kind != '+');
            int bCount = hunk.Count(h => h.Kind != '-');
            output.Append($"@@ -{(aCount == 0 ? aStart : aStart + 1)},{aCount} +{(bCount == 0 ? bStart : bStart + 1)},{bCount} @@").Append('\n');
            foreach ((char kind, string line, int _, int _) in hunk)
            {
                output.Append(kind).Append(line).Append('\n');
            }

            i = end;
        }

        return output.ToString();
    }

    private static string[] Lines(string text)
    {
        string[] lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The edit script from the longest common subsequence of lines.</summary>
    private static List<(char Kind, string Line, int A, int B)> Script(string[] a, string[] b)
    {
        int[,] lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var script = new List<(char, string, int, int)>();
        int x = 0;
        int y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                script.Add((' ', a[x], x++, y++));
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                script.Add(('-', a[x], x++, y));
            }
            else
            {
                script.Add(('+', b[y], x, y++));
            }
        }

        return script;
    }
}
