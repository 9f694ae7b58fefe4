using System.Text;
using BenchmarkDotNet.Attributes;
using Callytics.Paths.Mounts;

namespace Callytics.Paths.Benchmarks;

/// <summary>Mount table parse and lookup at 100 to 100,000 entries: both should grow linearly.</summary>
[MemoryDiagnoser]
public class MountTableBenchmarks
{
    private string _text = null!;
    private MountTable _table = null!;
    private string _deepest = null!;

    [Params(100, 1_000, 10_000, 100_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Generate(Entries);
        _table = MountTable.Parse(_text);
        _deepest = $"/mnt/d{Entries - 1}/sub/file";
    }

    /// <summary>A realistic table: an overlay root, system mounts, then binds under /mnt, every tenth one stacked.</summary>
    internal static string Generate(int entries)
    {
        var text = new StringBuilder();
        text.Append("1 0 0:20 / / rw,relatime - overlay overlay rw,lowerdir=/l1:/l2,upperdir=/u,workdir=/w\n");
        for (int i = 1; i < entries; i++)
        {
            int parent = i % 10 == 0 ? i : 1; // every tenth mount stacks on the one before it
            string point = i % 10 == 0 ? $"/mnt/d{i - 1}" : $"/mnt/d{i}";
            text.Append($"{i + 1} {parent} 8:{i % 256} /var/lib/docker/volumes/v{i}/_data {point} rw,relatime shared:{i} - ext4 /dev/sda1 rw,errors=remount-ro\n");
        }

        return text.ToString();
    }

    [Benchmark(Description = "MountTable.Parse")]
    public int Parse() => MountTable.Parse(_text).Entries.Count;

    [Benchmark(Description = "FindMount (deepest)")]
    public int Find() => _table.FindMount(_deepest)?.Id ?? 0;
}
