using System.Text;

namespace Callytics.Paths.Cli.Output;

/// <summary>Aligned columns for people; widths measured on the text without colour codes.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    internal void Add(params string[] cells) => _rows.Add(cells);

    internal void Write(TextWriter output)
    {
        int[] widths = new int[headers.Length];
        foreach (string[] row in _rows.Prepend(headers))
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], Visible(row[i]));
            }
        }

        foreach (string[] row in _rows.Prepend(headers))
        {
            var line = new StringBuilder();
            for (int i = 0; i < row.Length; i++)
            {
                line.Append(row[i]);
                if (i < row.Length - 1)
                {
                    line.Append(' ', widths[i] - Visible(row[i]) + 2);
                }
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>The printed width: ANSI escape sequences take none.</summary>
    private static int Visible(string text)
    {
        int width = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\u001b')
            {
                while (i < text.Length && text[i] != 'm')
                {
                    i++;
                }

                continue;
            }

            width++;
        }

        return width;
    }
}
