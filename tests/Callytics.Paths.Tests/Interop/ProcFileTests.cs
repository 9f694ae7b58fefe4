extern alias library;

using library::Callytics.Paths.Interop;
using Callytics.Paths.Tests.Support;
using FluentAssertions;
using Xunit;

namespace Callytics.Paths.Tests.Interop;

public sealed class ProcFileTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024 - 1)]
    [InlineData(16 * 1024)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(3 * 1024 * 1024 + 7)]
    public void A_saved_file_reads_back_byte_for_byte_whatever_its_size(int size)
    {
        byte[] content = Content(size);
        string path = _tree["table"];
        File.WriteAllBytes(path, content);

        ProcFile.ReadRegularFile(path, int.MaxValue).Should().Equal(content);
    }

    [Theory]
    [InlineData(16 * 1024 + 1)]
    [InlineData(200 * 1024 + 3)]
    public void A_file_of_unknown_size_is_read_to_its_end_through_a_growing_buffer(int size)
    {
        // ReadBytes is for /proc files, which report size 0: the buffer starts small and grows.
        byte[] content = Content(size);
        string path = _tree["proc-like"];
        File.WriteAllBytes(path, content);

        ProcFile.ReadBytes(path).Should().Equal(content);
    }

    [Fact]
    public void A_proc_file_that_reports_size_zero_is_still_read_whole()
    {
        new FileInfo("/proc/self/mountinfo").Length.Should().Be(0);

        byte[] table = ProcFile.ReadRegularFile("/proc/self/mountinfo", int.MaxValue);

        table.Should().NotBeEmpty();
        table[^1].Should().Be((byte)'\n', "the table is read to its last line");
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_naming_it()
    {
        string path = _tree["big"];
        File.WriteAllBytes(path, Content(4096));

        Action read = () => ProcFile.ReadRegularFile(path, 4095);

        read.Should().Throw<IOException>().WithMessage($"*{path}*4096*4095*");
    }

    private static byte[] Content(int size)
    {
        byte[] content = new byte[size];
        new Random(size).NextBytes(content);
        return content;
    }
}
